/* Viewers' redaction of an HTML page (srv_redact_html, the report page
 * /report.html): addresses and phone numbers in the page's text are
 * hidden as in a JSON answer; markup is never touched: tags, attributes
 * (an SVG path's run of numbers), comments and the content of <style> and
 * <script> come out byte for byte. Expected pages are written out by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "server/srv.h"

static void redacts(const char *in, const char *want)
{
    char *out = srv_redact_html(in, strlen(in));
    assert_non_null(out);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "in:   %s\nout:  %s\nwant: %s\n", in, out, want);
    assert_string_equal(out, want);
    /* Twice changes nothing more. */
    char *again = srv_redact_html(out, strlen(out));
    assert_non_null(again);
    assert_string_equal(again, out);
    free(again);
    free(out);
}

static void text_is_redacted(void **state)
{
    (void)state;
    redacts("<p>Write to ann@shop.example today</p>",
            "<p>Write to [email hidden] today</p>");
    redacts("<td>Ring 07700 900123</td><td>+44 20 7946 0958</td>",
            "<td>Ring [phone hidden]</td><td>[phone hidden]</td>");
    /* Text between two tags and at the ends of the page. */
    redacts("a@b.org<br>c@d.org", "[email hidden]<br>[email hidden]");
    /* Entities and numbers that are no phone stay. */
    redacts("<td>1,234,567.89 GBP &amp; 2025-06-09</td>",
            "<td>1,234,567.89 GBP &amp; 2025-06-09</td>");
}

static void markup_is_kept(void **state)
{
    (void)state;
    /* Attributes: a title holding an address, an SVG path whose numbers
     * form a long run of digits and spaces. */
    const char *svg = "<svg><path d=\"M 10 20 30 40 50 60 70 80 90\"/>"
                      "<a title=\"ann@shop.example\" href=\"mailto:x@y.org\">x</a></svg>";
    redacts(svg, svg);
    /* Comments and the content of style and script. */
    const char *raw = "<!-- ann@shop.example 07700 900123 -->"
                      "<style>p{content:\"a@b.org 07700 900123\"}</style>"
                      "<SCRIPT type=x>var a = \"a@b.org\";</SCRIPT>";
    redacts(raw, raw);
    /* After </style> the text is text again. */
    redacts("<style>x{}</style>call 07700 900123",
            "<style>x{}</style>call [phone hidden]");
    /* An element whose name only starts like style is not raw. */
    redacts("<styles>a@b.org</styles>", "<styles>[email hidden]</styles>");
    /* A tag left open at the end is copied as it is. */
    redacts("a@b.org <p class=\"x", "[email hidden] <p class=\"x");
    redacts("", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_is_redacted),
        cmocka_unit_test(markup_is_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
