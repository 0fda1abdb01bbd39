/* The HTML rendering of the report (being written). */
#include "report/report_int.h"

kith_code kith__rep_render_html(const kith_report *rep, kith_buf *out)
{
    (void)rep;
    return kith__buf_puts(out, "<!doctype html><title>kith</title>\n");
}
