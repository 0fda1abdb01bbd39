/* Fuzz target for the scenario specs of kith simulate: the first byte
 * picks an event flag (downturn, initiative, lost_champion: the rest is its
 * "key=value,..." text) or a scenario file (the rest is the file).
 * Invariants: an accepted spec has events within their documented ranges
 * and a file at least one named scenario; a refusal always says why (and,
 * for a file, on which line). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "impact/impact_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_event(const kith__scn_event *ev)
{
    if (ev->from < 1 || ev->from > KITH_SIM_MAX_MONTHS || ev->months < 0 ||
        ev->months > KITH_SIM_MAX_MONTHS || ev->depth < 0 || ev->depth >= 1 ||
        ev->p_up <= -1 || ev->q_up <= -1 || ev->cost < 0 || ev->q_down < 0 ||
        ev->q_down > 1)
        abort();
    if (ev->kind == KITH_EV_DOWNTURN && ev->months < 1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    static const char *const kinds[] = {"downturn", "initiative", "lost_champion"};
    char why[256] = "";
    int which = data[0] % 4;
    if (which < 3) {
        char *s = malloc(size);
        if (!s)
            return 0;
        memcpy(s, data + 1, size - 1);
        s[size - 1] = '\0';
        kith__scn_event ev;
        if (kith__scn_parse_event(kinds[which], s, &ev, why, sizeof why) == 0)
            check_event(&ev);
        else if (!why[0])
            abort();
        free(s);
        return 0;
    }
    kith__scenario sc[KITH_SCN_MAX];
    int n = 0;
    long line = 0;
    if (kith__scn_parse_file((const char *)data + 1, size - 1, sc, KITH_SCN_MAX, &n,
                             &line, why, sizeof why) == 0) {
        if (n < 1 || n > KITH_SCN_MAX)
            abort();
        for (int i = 0; i < n; i++) {
            if (!sc[i].name[0] || sc[i].nev < 1 || sc[i].nev > KITH_SCN_MAX_EVENTS)
                abort();
            for (int e = 0; e < sc[i].nev; e++)
                check_event(&sc[i].ev[e]);
        }
    } else if (!why[0] || line < 1) {
        abort();
    }
    return 0;
}
