/* kith__buf_xml: text escaped for XML and HTML, in element content and in
 * attributes whichever quote they use. The expected strings are written
 * out by hand from the five XML escapes (&amp; &lt; &gt; &quot; &#39;). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "core/buf.h"

static void expect(const char *in, const char *want)
{
    kith_buf b;
    kith__buf_init(&b, 0);
    assert_int_equal(kith__buf_xml(&b, in), KITH_OK);
    assert_string_equal(kith__buf_str(&b), want);
    kith__buf_free(&b);
}

static void test_escapes(void **state)
{
    (void)state;
    expect("O'Brien", "O&#39;Brien");
    expect("'", "&#39;");
    expect("it's <b>\"Tom\" & Jerry's</b>",
           "it&#39;s &lt;b&gt;&quot;Tom&quot; &amp; Jerry&#39;s&lt;/b&gt;");
    /* Already escaped text is escaped again (it is text, not markup). */
    expect("&#39;", "&amp;#39;");
    expect("plain text", "plain text");
    expect("", "");
    /* A single-quoted attribute built from it cannot be closed early. */
    kith_buf b;
    kith__buf_init(&b, 0);
    assert_int_equal(kith__buf_puts(&b, "<a title='"), KITH_OK);
    assert_int_equal(kith__buf_xml(&b, "x' onclick='y"), KITH_OK);
    assert_int_equal(kith__buf_puts(&b, "'>"), KITH_OK);
    assert_string_equal(kith__buf_str(&b), "<a title='x&#39; onclick=&#39;y'>");
    kith__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
