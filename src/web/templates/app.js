/* app.js: the text-size switch of record pages (big / medium / small),
 * remembered across pages and reloads in localStorage. The only script of
 * the site: every page reads fine without it (the switch stays hidden). */
(function () {
	'use strict';
	var KEY = 'podium.fontsize';
	var SIZES = ['big', 'middle', 'small'];

	function saved() {
		try {
			var s = window.localStorage.getItem(KEY);
			return SIZES.indexOf(s) >= 0 ? s : 'middle';
		} catch (e) {
			return 'middle';
		}
	}

	function apply(size) {
		var root = document.documentElement;
		SIZES.forEach(function (s) { root.classList.remove('fs-' + s); });
		root.classList.add('fs-' + size);
		var buttons = document.querySelectorAll('.fontsize button[data-size]');
		for (var i = 0; i < buttons.length; i++)
			buttons[i].setAttribute('aria-pressed',
				buttons[i].getAttribute('data-size') === size ? 'true' : 'false');
	}

	apply(saved());
	document.addEventListener('DOMContentLoaded', function () {
		var group = document.querySelector('.fontsize');
		if (!group)
			return;
		group.hidden = false;
		group.addEventListener('click', function (ev) {
			var b = ev.target.closest('button[data-size]');
			if (!b)
				return;
			var size = b.getAttribute('data-size');
			try {
				window.localStorage.setItem(KEY, size);
			} catch (e) { /* private mode: the size still applies to this page */ }
			apply(size);
		});
		apply(saved());
	});
})();
