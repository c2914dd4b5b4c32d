/* web.test.js: what a person sees, in Debian's chromium via playwright-core.
 *
 * Env (set by tests/integration/browser.sh): PD_BASE_URL, PD_EN_ID and
 * PD_ZH_ID (a translation pair), PD_LINKED ("1" when the pair is linked in
 * the database), PD_FIXED_ID (a record corrected once), PD_SHOT_DIR
 * (screenshots).
 *
 * Checks: no serious or critical axe-core violations on the home, record
 * and search pages; no Content-Security-Policy violations; the text-size
 * switch changes the computed size, by mouse and keyboard, and the choice
 * survives a reload and a move to another page; the language link; a
 * search with a filter; a snippet followed to its turn anchor; no
 * sideways scrolling on a phone-sized screen; a corrected record's notice,
 * its list of earlier versions and the earlier version (axe on each).
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.env.PD_BASE_URL;
const shots = process.env.PD_SHOT_DIR || os.tmpdir();
const enId = process.env.PD_EN_ID;
const zhId = process.env.PD_ZH_ID;
const linked = process.env.PD_LINKED === '1';
const fixedId = process.env.PD_FIXED_ID;
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let failures = 0;
function ok(msg) { console.log('ok   ' + msg); }
function check(cond, msg) {
	if (cond) ok(msg);
	else { console.log('FAIL ' + msg); failures++; }
}

async function axeCheck(page, name) {
	/* evaluated through the DevTools protocol, so the page's CSP still
	 * applies to everything the page itself does */
	await page.evaluate(axeSource);
	const res = await page.evaluate(() => window.axe.run(document, {
		runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
	}));
	const bad = res.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
	for (const v of bad)
		console.log(`     axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes: ` +
			    v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ') + ')');
	check(bad.length === 0, `axe: no serious/critical violations on ${name} (${res.violations.length} minor)`);
}

async function fontSize(page) {
	return page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.turn p')).fontSize));
}

async function main() {
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.PD_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		       '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1100, height: 900 },
	});
	const cspErrors = [];
	try {
		const page = await context.newPage();
		page.on('console', m => {
			if (/Content Security Policy|Refused to/.test(m.text())) cspErrors.push(m.text());
		});
		page.on('pageerror', e => cspErrors.push('script error: ' + e.message));

		/* home */
		let r = await page.goto(base + '/');
		check(r.status() === 200, 'home page loads');
		await axeCheck(page, 'home');
		await page.screenshot({ path: path.join(shots, 'home.png'), fullPage: true });

		/* record page and the text-size switch */
		r = await page.goto(`${base}/records/${enId}`);
		check(r.status() === 200, 'record page loads');
		check(await page.locator('.fontsize').isVisible(), 'the text-size switch shows with script on');
		const big = page.getByRole('button', { name: 'Big' });
		const small = page.getByRole('button', { name: 'Small' });
		const middle = page.getByRole('button', { name: 'Medium' });
		check(await page.getByText('Text size').isVisible(), 'the switch has a visible label');
		const before = await fontSize(page);
		await big.click();
		const after = await fontSize(page);
		check(after > before, `Big enlarges the text (${before}px -> ${after}px)`);
		check(await big.getAttribute('aria-pressed') === 'true' &&
		      await middle.getAttribute('aria-pressed') === 'false', 'aria-pressed follows the choice');
		await page.reload();
		check(await fontSize(page) === after, `the size survives a reload (${await fontSize(page)}px)`);
		check(await big.getAttribute('aria-pressed') === 'true', 'aria-pressed survives a reload');
		/* by keyboard: focus the button and press Enter, then Space */
		await small.focus();
		await page.keyboard.press('Enter');
		const smaller = await fontSize(page);
		check(smaller < before, `Small by keyboard shrinks the text (${smaller}px)`);
		await middle.focus();
		await page.keyboard.press('Space');
		check(await fontSize(page) === before, 'Medium by keyboard restores the size');
		await big.click();
		await axeCheck(page, 'record');
		await page.screenshot({ path: path.join(shots, 'record-big.png'), fullPage: true });

		/* the language link, and the size remembered on the next page */
		if (linked) {
			await page.getByRole('link', { name: '中文' }).click();
			await page.waitForURL(`**/records/${zhId}`);
			check(await page.evaluate(() => document.documentElement.lang) === 'zh-Hans',
			      'the Chinese page says <html lang="zh-Hans">');
			check(await page.getByText('字号').isVisible(), 'interface words in Chinese');
			check(await fontSize(page) === after, 'the chosen size carries to the next page');
			check(await page.getByRole('button', { name: '大' }).getAttribute('aria-pressed') === 'true',
			      'the Chinese switch shows the remembered size');
			await page.getByRole('link', { name: 'English' }).click();
			await page.waitForURL(`**/records/${enId}`);
			ok('and back to English');
			await page.goto(`${base}/records/${zhId}`);
			await page.screenshot({ path: path.join(shots, 'record-zh.png'), fullPage: true });
		} else {
			console.log('skip language link: the translation pair is not linked in this database');
		}
		await page.getByRole('button', { name: /Medium|中/ }).click();

		/* search with a filter, then a snippet to its turn */
		await page.goto(base + '/search');
		await page.fill('#q', 'ferry');
		await page.selectOption('#f-lang', 'en');
		await page.click('#go');
		await page.waitForURL(/\/search\?/);
		const url = new URL(page.url());
		check(url.searchParams.get('q') === 'ferry' && url.searchParams.get('lang') === 'en',
		      `the filter goes into the URL (${url.search})`);
		const hits = page.locator('ol.hits > li');
		const nhits = await hits.count();
		check(nhits > 0, `search finds ${nhits} hit(s)`);
		check(await page.locator('ol.hits mark').count() > 0, 'matches are highlighted');
		check(await page.locator('figure.timeline svg').count() === 1, 'the timeline is drawn');
		await axeCheck(page, 'search');
		await page.screenshot({ path: path.join(shots, 'search.png'), fullPage: true });
		/* a hit in a turn (a title hit links to the record itself) */
		const link = hits.locator('h2 a[href*="#t"]').first();
		const href = await link.getAttribute('href');
		await link.click();
		await page.waitForURL(/#t\d+$/);
		const anchor = new URL(page.url()).hash.slice(1);
		check(/^t\d+$/.test(anchor) && href.endsWith('#' + anchor), `the hit opens its turn (#${anchor})`);
		const target = page.locator('#' + anchor);
		check(await target.count() === 1 && await target.isVisible(), 'the turn exists and shows');
		const inView = await target.evaluate(el => {
			const b = el.getBoundingClientRect();
			return b.top >= -1 && b.top < window.innerHeight;
		});
		check(inView, 'the turn is scrolled into view');
		check((await target.innerText()).toLowerCase().includes('ferr'), 'the turn holds the match');
		await page.screenshot({ path: path.join(shots, 'turn.png') });

		/* a corrected record says so and keeps its earlier text */
		if (fixedId) {
			r = await page.goto(`${base}/records/${fixedId}`);
			const notice = page.locator('.notice.correction');
			check(r.status() === 200 && await notice.isVisible() &&
			      /Corrected on .* by Jane Editor .* Reason: title clarified/.test(await notice.innerText()),
			      'the corrected record shows "Corrected on … by … Reason: …"');
			await axeCheck(page, 'corrected record');
			await notice.getByRole('link').click();
			await page.waitForURL(`**/records/${fixedId}/revisions`);
			await axeCheck(page, 'earlier versions');
			await page.locator('ol.revisions a').first().click();
			await page.waitForURL(`**/records/${fixedId}/revisions/1`);
			check(await page.locator('.notice.earlier').isVisible() &&
			      !(await page.locator('h1').innerText()).includes('(corrected)'),
			      'the earlier version shows its own text, marked as earlier');
			await axeCheck(page, 'earlier version');
			await page.screenshot({ path: path.join(shots, 'earlier-version.png'), fullPage: true });
		}

		/* a malformed query explains itself */
		r = await page.goto(base + '/search?q=%22unclosed');
		check(r.status() === 400 && await page.getByRole('alert').isVisible(),
		      'a malformed query gets a 400 page that says why');

		/* a phone-sized screen */
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto(`${base}/records/${enId}`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		check(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
		await page.screenshot({ path: path.join(shots, 'record-phone.png'), fullPage: true });

		check(cspErrors.length === 0, 'no CSP violations or script errors' +
		      (cspErrors.length ? ': ' + cspErrors.join(' | ') : ''));
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
	console.log(`${failures} failure(s); screenshots in ${shots}`);
	process.exit(failures ? 1 : 0);
}

main().catch(e => {
	console.error('FAIL', e);
	process.exit(1);
});
