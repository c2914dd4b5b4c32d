/* cjk_fold.c: CJK character folding for search (see cjk_fold.h). */
#include "search/cjk_fold.h"

uint32_t pd_cjk_fold(uint32_t cp)
{
	return cp;
}
