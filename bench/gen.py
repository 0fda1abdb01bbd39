#!/usr/bin/python3
"""Deterministic synthetic inputs for the import benchmarks.

  gen.py activities N MEMBERS OUT.csv   generic activities CSV: N rows by
                                        MEMBERS people (email), mixed types,
                                        timestamps over two years, values
  gen.py members N OUT.csv [OFFSET]     generic members CSV: N people with
                                        email and phone; person k is
                                        p<k>@example.com, +44 7<k:09d>
  gen.py overlap N OUT.csv              second source for members: N rows,
                                        half of them people 0..N/2 of the
                                        first file found by email or phone
                                        only, half new people
  gen.py discord N USERS OUT.json       a DiscordChatExporter export of one
                                        channel: N messages by USERS people,
                                        pretty-printed as the tool writes
                                        it, a third replies, some mentions
                                        and reactions
"""
import random
import sys


def activities(n, members, out):
    rnd = random.Random(42)
    types = ["purchase"] * 6 + ["post", "reply", "event_attend", "donation"]
    channels = ["shop", "web", "discord", "market"]
    t0 = 1672531200  # 2023-01-01
    span = 2 * 365 * 86400
    with open(out, "w", buffering=1 << 20) as f:
        f.write("id,type,occurred_at,email,value,currency,channel\n")
        for i in range(n):
            m = rnd.randrange(members)
            t = rnd.choice(types)
            ts = t0 + rnd.randrange(span)
            if t in ("purchase", "donation"):
                v = "%d.%02d" % (rnd.randrange(1, 120), rnd.randrange(100))
            else:
                v = ""
            # ISO 8601 with Z, as exports write it.
            f.write("o%d,%s,%s,p%d@example.com,%s,EUR,%s\n" % (
                i, t, iso(ts), m, v, channels[i % 4]))


def discord(n, users, out):
    rnd = random.Random(7)
    t0 = 1672531200
    words = ("bread sourdough rye croissant loaf oven market stall open "
             "tomorrow thanks great love the new recipe").split()

    def user(u):
        return ('{"id": "3%017d", "name": "user%d", "discriminator": "0000", '
                '"nickname": "User %d", "color": null, "isBot": false, '
                '"roles": [], "avatarUrl": "https://cdn.discordapp.com/embed/'
                'avatars/0.png"}' % (u, u, u))

    with open(out, "w", buffering=1 << 20) as f:
        f.write('{\n  "guild": {"id": "900000000000000001", "name": "Bench", '
                '"iconUrl": ""},\n  "channel": {"id": "910000000000000001", '
                '"type": "GuildTextChat", "categoryId": "1", "category": '
                '"Text", "name": "general", "topic": null},\n  "dateRange": '
                '{"after": null, "before": null},\n  "exportedAt": '
                '"2025-01-01T00:00:00+00:00",\n  "messages": [\n')
        for i in range(n):
            u = rnd.randrange(users)
            ts = t0 + i * 30
            reply = i > 0 and rnd.random() < 0.33
            text = " ".join(rnd.choice(words) for _ in range(rnd.randrange(3, 15)))
            ments = []
            if rnd.random() < 0.2:
                ments.append(user(rnd.randrange(users)))
            reacts = ""
            if rnd.random() < 0.2:
                reacts = ('{"emoji": {"id": "", "name": "\u2764", "code": "heart", '
                          '"isAnimated": false, "imageUrl": ""}, "count": 1, '
                          '"users": [%s]}' % user(rnd.randrange(users)))
            ref = ""
            if reply:
                ref = (',\n      "reference": {"messageId": "4%017d", "channelId": '
                       '"910000000000000001", "guildId": "900000000000000001"}'
                       % rnd.randrange(max(0, i - 200), i))
            f.write('    {\n      "id": "4%017d",\n      "type": "%s",\n'
                    '      "timestamp": "%s",\n      "timestampEdited": null,\n'
                    '      "isPinned": false,\n      "content": "%s",\n'
                    '      "author": %s,\n      "attachments": [],\n'
                    '      "embeds": [],\n      "stickers": [],\n'
                    '      "reactions": [%s],\n      "mentions": [%s]%s\n    }%s\n'
                    % (i, "Reply" if reply else "Default", iso(ts), text, user(u),
                       reacts, ", ".join(ments), ref, "," if i + 1 < n else ""))
        f.write('  ],\n  "messageCount": %d\n}\n' % n)


def iso(ts):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def members(n, out, offset=0):
    with open(out, "w", buffering=1 << 20) as f:
        f.write("email,phone,name\n")
        for k in range(offset, offset + n):
            f.write("p%d@example.com,+44 7%09d,Person %d\n" % (k, k, k))


def overlap(n, out):
    """Rows 0..n/2-1 name known people 0..n/2-1: even ones by their email
    (written in capitals) and a new phone, odd ones by their phone only
    (national format) with a new email. Rows n/2.. are new people."""
    half = n // 2
    with open(out, "w", buffering=1 << 20) as f:
        f.write("email,phone,name\n")
        for k in range(half):
            if k % 2 == 0:
                f.write("P%d@EXAMPLE.COM,+44 8%09d,Person %d\n" % (k, k, k))
            else:
                f.write("q%d@example.org,+44 7%09d,Person %d\n" % (k, k, k))
        for k in range(n, n + (n - half)):
            f.write("p%d@example.com,+44 7%09d,Person %d\n" % (k, k, k))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "activities":
        activities(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif kind == "members":
        members(int(sys.argv[2]), sys.argv[3],
                int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif kind == "discord":
        discord(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif kind == "overlap":
        overlap(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
