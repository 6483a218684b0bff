#!/usr/bin/env python3
"""Generates the demo illustrations of the Stadt Sassenberg as SVG files.

Flat, friendly drawings made of shapes only: no photos, no fonts or text, no
external references, no scripts. Python 3 standard library only. Deterministic:
running it again writes the same bytes (seeded random numbers, fixed rounding).

    python3 examples/sassenberg/images/generate.py

Every file is 1080 x 1350 (Instagram 4:5 portrait), carries a <title> and stays
well under 20 KB.
"""
import math
import os
import random

W, H = 1080, 1350
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- primitives

def n(v):
    """A number with at most one decimal, no trailing '.0'."""
    s = f"{v:.1f}"
    return s[:-2] if s.endswith(".0") else s


def attrs(kw):
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in kw.items())


def rect(x, y, w, h, fill, **kw):
    return f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{fill}"{attrs(kw)}/>'


def circle(x, y, r, fill, **kw):
    return f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}" fill="{fill}"{attrs(kw)}/>'


def ellipse(x, y, rx, ry, fill, **kw):
    return f'<ellipse cx="{n(x)}" cy="{n(y)}" rx="{n(rx)}" ry="{n(ry)}" fill="{fill}"{attrs(kw)}/>'


def poly(points, fill, **kw):
    pts = " ".join(f"{n(x)},{n(y)}" for x, y in points)
    return f'<polygon points="{pts}" fill="{fill}"{attrs(kw)}/>'


def path(d, fill="none", **kw):
    return f'<path d="{d}" fill="{fill}"{attrs(kw)}/>'


def line(x1, y1, x2, y2, stroke, width, **kw):
    return (f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}" '
            f'stroke-width="{n(width)}"{attrs(kw)}/>')


def group(content, **kw):
    return f"<g{attrs(kw)}>{''.join(content)}</g>"


def vgrad(gid, stops, y1=0, y2=1):
    s = "".join(f'<stop offset="{o}" stop-color="{c}"/>' for o, c in stops)
    return f'<linearGradient id="{gid}" x1="0" y1="{y1}" x2="0" y2="{y2}">{s}</linearGradient>'


def glow(gid, color):
    return (f'<radialGradient id="{gid}"><stop offset="0" stop-color="{color}" stop-opacity="0.9"/>'
            f'<stop offset="1" stop-color="{color}" stop-opacity="0"/></radialGradient>')


def document(title, defs, body):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}">\n'
        f"<title>{title}</title>\n"
        f"<defs>{''.join(defs)}</defs>\n"
        + "\n".join(body)
        + "\n</svg>\n"
    )


# ------------------------------------------------------------ scene elements

def cloud(x, y, s, color="#ffffff", opacity=0.95):
    parts = [ellipse(x, y, 95 * s, 38 * s, color), ellipse(x - 62 * s, y + 10 * s, 62 * s, 28 * s, color),
             ellipse(x + 64 * s, y + 12 * s, 58 * s, 26 * s, color), circle(x - 12 * s, y - 22 * s, 46 * s, color)]
    return group(parts, opacity=opacity)


def sun(x, y, r, core, halo):
    return circle(x, y, r * 1.6, halo, opacity="0.35") + circle(x, y, r, core)


def round_tree(x, base, h, crown, shade, trunk="#5a3d2b"):
    r = h * 0.32
    cy = base - h + r
    return (rect(x - h * 0.035, cy, h * 0.07, base - cy, trunk)
            + circle(x - r * 0.45, cy + r * 0.25, r * 0.8, shade)
            + circle(x + r * 0.45, cy + r * 0.2, r * 0.8, crown)
            + circle(x, cy - r * 0.15, r * 0.85, crown))


def cone_tree(x, base, h, color, trunk="#4a3322"):
    w = h * 0.22
    return (rect(x - 5, base - h * 0.15, 10, h * 0.15, trunk)
            + poly([(x, base - h), (x + w, base - h * 0.12), (x - w, base - h * 0.12)], color))


def treeline(rnd, y, x0, x1, rmin, rmax, colors):
    out = []
    x = x0
    while x < x1:
        r = rnd.uniform(rmin, rmax)
        out.append(circle(x, y - r * 0.5, r, rnd.choice(colors)))
        x += r * 1.1
    out.append(rect(x0 - rmax, y - rmax * 0.4, x1 - x0 + 2 * rmax, rmax * 0.4 + 2, colors[0]))
    return "".join(out)


def wavy_band(y, amp, waves, phase, color, bottom=H):
    pts = [(0, bottom)]
    for i in range(41):
        x = W * i / 40
        pts.append((x, y - amp * math.sin(phase + waves * math.pi * i / 40)))
    pts.append((W, bottom))
    return poly(pts, color)


def shimmer(rnd, count, y0, y1, color, width=(60, 200), opacity="0.6"):
    out = []
    for _ in range(count):
        y = rnd.uniform(y0, y1)
        w = rnd.uniform(*width) * (0.5 + (y - y0) / (y1 - y0))
        out.append(rect(rnd.uniform(-40, W - 40), y, w, 5, color, rx="2.5"))
    return group(out, opacity=opacity)


# -------------------------------------------------------------------- scenes

def feldmarksee():
    rnd = random.Random(11)
    defs = [vgrad("fm-sky", [(0, "#5aaee0"), (1, "#d4f0fb")]),
            vgrad("fm-lake", [(0, "#4fa3d6"), (1, "#17598a")])]
    b = [rect(0, 0, W, 760, "url(#fm-sky)"),
         sun(810, 250, 78, "#fff3b8", "#ffffff"),
         cloud(250, 230, 1.15), cloud(660, 390, 0.75), cloud(980, 150, 0.55)]
    b.append(treeline(rnd, 725, -20, 1100, 26, 48, ["#2f6b4f", "#3d805c", "#285c44"]))
    b.append(rect(0, 722, W, 14, "#e7d7a6"))
    b.append(rect(0, 734, W, H - 734, "url(#fm-lake)"))
    b.append(shimmer(rnd, 26, 760, 1300, "#bfe4f7"))
    # a distant boat
    b.append(poly([(250, 780), (250, 730), (280, 780)], "#ffffff") + poly([(238, 784), (292, 784), (284, 794), (246, 794)], "#e76f51"))
    # the sailboat and its reflection
    boat = [line(560, 880, 560, 520, "#3b3b3b", 7),
            poly([(566, 530), (566, 870), (735, 870)], "#ffffff"),
            poly([(552, 560), (552, 870), (440, 870)], "#f1f7fb"),
            poly([(560, 520), (600, 533), (560, 546)], "#e63946"),
            path("M410 885 L720 885 Q700 930 650 935 L470 935 Q430 925 410 885 Z", "#c8102e"),
            rect(430, 885, 270, 10, "#ffffff", opacity="0.8")]
    b.append(group(boat))
    b.append(group([poly([(566, 945), (566, 1200), (735, 945)], "#ffffff"),
                    poly([(552, 945), (552, 1150), (440, 945)], "#ffffff")], opacity="0.22"))
    b.append(group([rect(430, 960 + i * 34, 300 - i * 30, 6, "#1d6796", rx="3") for i in range(7)], opacity="0.7"))
    # jetty at the lower left
    b.append(poly([(0, 1120), (300, 1040), (330, 1060), (0, 1190)], "#a0744d"))
    b.append(poly([(0, 1190), (330, 1060), (330, 1075), (0, 1212)], "#6e4b2f"))
    for x, y in ((40, 1178), (150, 1136), (270, 1090)):
        b.append(rect(x, y, 14, 90, "#5a3b24"))
    # reeds at the lower right
    reeds = []
    for i in range(16):
        x = 860 + i * 15 + rnd.uniform(-6, 6)
        top = 1060 + rnd.uniform(0, 80)
        bend = rnd.uniform(-30, 30)
        reeds.append(path(f"M{n(x)} {H} Q{n(x + bend * 0.3)} {n((top + H) / 2)} {n(x + bend)} {n(top)}",
                          stroke=rnd.choice(["#3f7f3a", "#5b9a45", "#2e6a34"]), stroke_width="9",
                          stroke_linecap="round"))
        if i % 3 == 0:
            reeds.append(rect(x + bend - 7, top - 10, 14, 48, "#7a4e2d", rx="7"))
    b.append("".join(reeds))
    return document("Feldmarksee mit Segelboot, Steg und Schilf", defs, b)


def schloss_harkotten():
    rnd = random.Random(23)
    water = 700
    defs = [vgrad("hk-sky", [(0, "#7fa6cf"), (0.7, "#f3cfa8"), (1, "#f8e2c4")]),
            vgrad("hk-moat", [(0, "#5d8aa3"), (1, "#24506a")])]
    manor = []
    manor.append(treeline(rnd, 640, -40, 1120, 40, 70, ["#35573f", "#44694b", "#2b4a35"]))
    manor.append(rect(0, 640, W, 60, "#6c9558"))
    manor.append(poly([(270, 430), (330, 340), (750, 340), (810, 430)], "#8c4a34"))  # hipped roof
    for x in (355, 695):
        manor.append(rect(x, 300, 26, 52, "#7a3e2b"))  # chimneys
    for x in (380, 640):
        manor.append(poly([(x, 400), (x + 30, 368), (x + 60, 400)], "#7a3e2b") + rect(x + 10, 385, 40, 26, "#f5ecdb"))
    manor.append(rect(290, 430, 500, 262, "#f5ecdb"))
    manor.append(rect(290, 540, 500, 10, "#e3d6bd"))
    manor.append(rect(460, 410, 160, 282, "#fbf5ea"))  # central risalit
    manor.append(poly([(448, 414), (540, 350), (632, 414)], "#fbf5ea") + poly([(472, 406), (540, 366), (608, 406)], "#e3d6bd"))
    for x in (468, 516, 564, 604):
        manor.append(rect(x, 430, 10, 262, "#e3d6bd"))
    for row, y in enumerate((455, 570)):
        for x in (310, 358, 406, 650, 698, 746):
            manor.append(rect(x - 2, y - 2, 32, 64, "#ffffff") + rect(x + 1, y + 1, 26, 58, "#3e5c76"))
        if row == 0:
            manor.append(rect(524, y - 2, 32, 64, "#ffffff") + rect(527, y + 1, 26, 58, "#3e5c76"))
    manor.append(path("M520 692 L520 615 Q540 592 560 615 L560 692 Z", "#6b4129"))
    manor.append(rect(500, 680, 80, 12, "#d9ccb3"))
    defs.append(f'<g id="hk-manor">{"".join(manor)}</g>')

    b = [rect(0, 0, W, water, "url(#hk-sky)"),
         sun(180, 170, 64, "#ffe6a6", "#fff6dc"),
         cloud(790, 180, 0.9, "#fffaf2"), cloud(470, 110, 0.55, "#fffaf2"),
         wavy_band(660, 14, 1.2, 0.4, "#8fae79", water + 2)]
    b.append(rect(0, water, W, H - water, "url(#hk-moat)"))
    b.append('<use href="#hk-manor"/>')
    b.append(f'<use href="#hk-manor" transform="matrix(1 0 0 -1 0 {2 * water})" opacity="0.3"/>')
    b.append(shimmer(rnd, 24, water + 20, 1180, "#a9cde0", (80, 220), "0.45"))
    # trees beside the manor, with reflections
    for x, h in ((150, 330), (930, 360)):
        t = round_tree(x, water - 8, h, "#3f6e45", "#2f5737")
        b.append(t)
        b.append(group([t], transform=f"matrix(1 0 0 -1 0 {2 * water - 16})", opacity="0.25"))
    # water lilies and the near bank
    for x, y, r in ((160, 1090, 30), (230, 1120, 22), (820, 1060, 26), (880, 1100, 34)):
        b.append(ellipse(x, y, r * 1.6, r * 0.6, "#4f8a4a") + ellipse(x + r * 0.5, y - r * 0.2, r * 0.35, r * 0.2, "#2f5e40"))
    b.append(circle(232, 1112, 9, "#f7b7c6") + circle(874, 1090, 10, "#ffffff"))
    b.append(wavy_band(1230, 18, 1.4, 1.0, "#5c8a4a"))
    b.append(wavy_band(1290, 12, 2.0, 0.2, "#4b7a3c"))
    return document("Schloss Harkotten in Füchtorf, gespiegelt in der Gräfte", defs, b)


def spargelfeld():
    rnd = random.Random(5)
    hz, vx = 700, 540
    defs = [vgrad("sp-sky", [(0, "#f9c98f"), (0.6, "#ffe7b5"), (1, "#fff6d8")]),
            vgrad("sp-soil", [(0, "#9a6a45"), (1, "#7a4e2f")])]
    b = [rect(0, 0, W, hz + 2, "url(#sp-sky)")]
    for i in range(12):  # sun rays
        a = math.pi * (i + 0.5) / 12
        b.append(poly([(vx, hz - 20), (vx + 700 * math.cos(a - 0.05), hz - 20 - 700 * math.sin(a - 0.05)),
                       (vx + 700 * math.cos(a + 0.05), hz - 20 - 700 * math.sin(a + 0.05))], "#fff4d6", opacity="0.45"))
    b.append(circle(vx, hz - 20, 200, "#ffd27a", opacity="0.4") + circle(vx, hz - 20, 130, "#ffb347"))
    b.append(cloud(220, 210, 0.8, "#fffdf5") + cloud(880, 300, 0.6, "#fffdf5"))
    for x, y in ((300, 330), (340, 350), (760, 200)):
        b.append(path(f"M{x - 16} {y} Q{x - 8} {y - 10} {x} {y} Q{x + 8} {y - 10} {x + 16} {y}",
                      stroke="#5b4636", stroke_width="4", stroke_linecap="round"))
    b.append(treeline(rnd, hz, -30, 330, 18, 30, ["#4f7a3f", "#5f8d48", "#3f6a35"]))
    b.append(treeline(rnd, hz, 760, 1110, 18, 30, ["#4f7a3f", "#5f8d48", "#3f6a35"]))
    # farmhouse on the horizon
    b.append(rect(840, hz - 60, 130, 60, "#f1e4cc") + poly([(830, hz - 58), (905, hz - 110), (980, hz - 58)], "#a3452f")
             + rect(893, hz - 38, 24, 38, "#6b4129"))
    b.append(rect(0, hz, W, H - hz, "url(#sp-soil)"))
    # ridges converging to the horizon; some under dark foil
    count = 13
    for i in range(count):
        off = i - (count - 1) / 2
        xb, xh = vx + off * 230, vx + off * 26
        half_b, half_h = 78, 9
        foil = i in (0, 1, 2, 10, 11, 12)
        top = "#2f2b2a" if foil else "#c79567"
        side = "#4a4543" if foil else "#ad7b51"
        b.append(poly([(xh - half_h, hz), (xh + half_h, hz), (xb + half_b, H), (xb - half_b, H)], side))
        b.append(poly([(xh - half_h * 0.5, hz), (xh + half_h * 0.6, hz), (xb + half_b * 0.6, H), (xb - half_b * 0.5, H)], top))
        if foil:
            b.append(poly([(xh + half_h * 0.1, hz), (xh + half_h * 0.3, hz), (xb + half_b * 0.3, H), (xb + half_b * 0.1, H)],
                          "#8a8482", opacity="0.6"))
    # asparagus spears on the open ridges, larger when closer
    spears = []
    for i in range(3, 10):
        off = i - (count - 1) / 2
        for t in (0.3, 0.5, 0.72, 0.93):
            t += rnd.uniform(-0.05, 0.05)
            y = hz + t * (H - hz)
            x = vx + off * (26 + t * 204) + rnd.uniform(-10, 10) * t
            s = 0.25 + t
            hgt, wid = 60 * s, 13 * s
            spears.append(rect(x - wid / 2, y - hgt, wid, hgt, "#fbf6e6", rx=n(wid / 2)))
            spears.append(ellipse(x, y - hgt, wid * 0.62, wid * 0.9, "#c9a3c9"))
            spears.append(rect(x - wid * 0.5, y - hgt * 0.45, wid, 2.5 * s, "#e6dcc0"))
    b.append("".join(spears))
    return document("Spargelfeld bei Füchtorf mit aufgehender Sonne", defs, b)


def bicycle(x, y, s, frame, jacket, skin, helmet):
    r = 40 * s
    rear, front = (x - 62 * s, y), (x + 62 * s, y)
    seat, bar, crank = (x - 22 * s, y - 62 * s), (x + 40 * s, y - 70 * s), (x - 5 * s, y)
    hip = (seat[0], seat[1] - 12 * s)
    shoulder = (x + 12 * s, y - 128 * s)
    knee = (x + 18 * s, y - 50 * s)
    wheel = dict(fill="none", stroke="#2b2d42", stroke_width=n(8 * s))
    parts = [circle(*rear, r, **wheel), circle(*front, r, **wheel),
             path(f"M{n(rear[0])} {n(rear[1])} L{n(crank[0])} {n(crank[1])} L{n(seat[0])} {n(seat[1])} Z "
                  f"M{n(crank[0])} {n(crank[1])} L{n(bar[0] - 8 * s)} {n(bar[1] + 10 * s)} L{n(seat[0])} {n(seat[1])} "
                  f"M{n(bar[0] - 8 * s)} {n(bar[1] + 10 * s)} L{n(front[0])} {n(front[1])}",
                  stroke=frame, stroke_width=n(7 * s), stroke_linejoin="round"),
             line(bar[0] - 8 * s, bar[1] + 10 * s, bar[0], bar[1], "#2b2d42", 7 * s),
             rect(seat[0] - 16 * s, seat[1] - 6 * s, 30 * s, 8 * s, "#2b2d42", rx=n(4 * s)),
             path(f"M{n(hip[0])} {n(hip[1])} L{n(knee[0])} {n(knee[1])} L{n(crank[0] + 8 * s)} {n(crank[1] + 8 * s)}",
                  stroke="#34495e", stroke_width=n(15 * s), stroke_linecap="round", stroke_linejoin="round"),
             path(f"M{n(hip[0])} {n(hip[1])} L{n(shoulder[0])} {n(shoulder[1])}",
                  stroke=jacket, stroke_width=n(30 * s), stroke_linecap="round"),
             path(f"M{n(shoulder[0])} {n(shoulder[1])} L{n(bar[0])} {n(bar[1] - 2 * s)}",
                  stroke=jacket, stroke_width=n(11 * s), stroke_linecap="round"),
             circle(shoulder[0] + 14 * s, shoulder[1] - 30 * s, 17 * s, skin),
             path(f"M{n(shoulder[0] - 5 * s)} {n(shoulder[1] - 32 * s)} a{n(19 * s)} {n(17 * s)} 0 0 1 {n(38 * s)} 0 Z", helmet)]
    return group(parts)


def radtour():
    rnd = random.Random(17)
    defs = [vgrad("rt-sky", [(0, "#6db6ea"), (1, "#e6f5fd")])]
    b = [rect(0, 0, W, 760, "url(#rt-sky)"), sun(150, 190, 62, "#fff1a6", "#ffffff"),
         cloud(520, 180, 1.0), cloud(900, 300, 0.7), cloud(180, 420, 0.5)]
    b.append(treeline(rnd, 640, -20, 1100, 14, 24, ["#5f8f5a", "#6e9e62"]))
    b.append(wavy_band(640, 18, 1.5, 0.2, "#f1d35b"))  # rapeseed
    b.append(wavy_band(700, 26, 1.2, 1.4, "#9cc46a"))
    b.append(wavy_band(800, 30, 1.0, 2.6, "#6fae5c"))
    b.append(wavy_band(930, 20, 1.6, 0.9, "#57994f"))
    # hedgerows
    for y, x0, x1 in ((682, 60, 420), (760, 620, 1060)):
        b.append("".join(circle(x, y + rnd.uniform(-4, 4), rnd.uniform(11, 16), "#3f7a45") for x in range(x0, x1, 18)))
    # windmill
    mx, my = 820, 420
    b.append(poly([(766, 700), (786, my), (854, my), (874, 700)], "#c9704a"))
    b.append(poly([(774, my + 6), (820, my - 52), (866, my + 6)], "#4a3b33"))
    b.append(path("M802 700 L802 652 Q820 632 838 652 L838 700 Z", "#5a3a26") + rect(808, 520, 24, 34, "#f7e7b0"))
    b.append(rect(756, 590, 128, 10, "#4a3b33"))
    for k in range(4):
        ang = 20 + 90 * k
        b.append(group([rect(-7, -175, 14, 175, "#f7f1e3"), rect(-36, -168, 29, 128, "#f7f1e3", opacity="0.85"),
                        line(-36, -130, -7, -130, "#c9b79a", 3), line(-36, -92, -7, -92, "#c9b79a", 3)],
                       transform=f"translate({mx} {my - 18}) rotate({ang})"))
    b.append(circle(mx, my - 18, 12, "#4a3b33"))
    # the path, wide in front and narrow towards the horizon
    b.append(path("M180 1350 C260 1180 700 1110 620 990 C560 900 380 880 470 800 C520 760 600 740 640 700 "
                  "L662 702 C640 750 560 770 520 810 C450 880 650 900 700 990 C790 1140 480 1230 520 1350 Z", "#eedcab"))
    b.append(path("M350 1350 C420 1210 720 1140 660 1010", stroke="#ffffff", stroke_width="6", stroke_dasharray="30 26", opacity="0.6"))
    for x, base, h in ((890, 1010, 340), (1000, 1130, 420), (90, 1000, 300), (320, 800, 150), (960, 760, 140)):
        b.append(round_tree(x, base, h, "#3e8a4d", "#2f6e3c"))
    b.append(bicycle(600, 935, 0.75, "#1d3557", "#2a9d8f", "#e9b894", "#f4d35e"))
    b.append(bicycle(430, 1190, 1.25, "#c1121f", "#e63946", "#c68b59", "#ffffff"))
    # flowers in the verge
    for _ in range(30):
        x, y = rnd.uniform(0, W), rnd.uniform(1180, 1340)
        if not 300 < x < 640:
            b.append(circle(x, y, rnd.uniform(5, 9), rnd.choice(["#ffffff", "#f9c74f", "#e56b9f"])))
    return document("Radtour auf Feldwegen im Münsterland mit Windmühle", defs, b)


def heimatmuseum():
    rnd = random.Random(31)
    defs = [vgrad("hm-sky", [(0, "#9fd2ec"), (1, "#f3f8e6")])]
    base, eave, peak, x0, x1 = 1020, 700, 400, 250, 830
    mid = (x0 + x1) / 2
    b = [rect(0, 0, W, 900, "url(#hm-sky)"), sun(900, 190, 60, "#fff0a0", "#ffffff"),
         cloud(230, 190, 0.95), cloud(650, 130, 0.55)]
    b.append(wavy_band(880, 20, 1.0, 0.5, "#7fb069"))
    b.append(treeline(rnd, 900, -30, 260, 30, 50, ["#4e8a4a", "#3f7a3e"]))
    b.append(treeline(rnd, 900, 820, 1110, 30, 50, ["#4e8a4a", "#3f7a3e"]))
    b.append(rect(0, 900, W, H - 900, "#8cc068"))
    # house: brick infill, dark timber frame, gable towards the viewer
    timber, brick = "#3a2a20", "#b65a3c"
    b.append(poly([(x0 - 40, eave + 10), (mid, peak - 40), (x1 + 40, eave + 10)], "#7d2a22"))
    b.append(rect(x0, eave, x1 - x0, base - eave, brick) + poly([(x0, eave), (mid, peak), (x1, eave)], brick))
    frame = []
    for y in (eave, 860, base - 14):
        frame.append(rect(x0, y - 7, x1 - x0, 14, timber))
    for y in (610, 520):
        half = (x1 - x0) / 2 * (y - peak) / (eave - peak)
        frame.append(rect(mid - half, y - 6, 2 * half, 12, timber))
    posts = [x0 + i * (x1 - x0) / 8 for i in range(9)]
    for x in posts:
        frame.append(rect(x - 7, eave, 14, base - eave, timber))
    for x in (posts[1], posts[6]):  # braces
        frame.append(line(x, 860, x + (x1 - x0) / 8, eave, timber, 12))
    for k in range(1, 8):  # gable posts
        x = posts[k]
        top = peak + (eave - peak) * abs(x - mid) / ((x1 - x0) / 2)
        frame.append(rect(x - 6, top, 12, eave - top, timber))
    frame.append(line(x0, eave, mid, peak, timber, 18) + line(mid, peak, x1, eave, timber, 18))
    b.append("".join(frame))
    # windows
    def window(x, y, w, h):
        return (rect(x - 5, y - 5, w + 10, h + 10, "#f4efe3") + rect(x, y, w, h, "#5f86a8")
                + rect(x + w / 2 - 2, y, 4, h, "#f4efe3") + rect(x, y + h / 2 - 2, w, 4, "#f4efe3"))
    for i in (0, 1, 6, 7):
        b.append(window(posts[i] + 14, 745, posts[1] - posts[0] - 28, 90))
    for i in (2, 5):
        b.append(window(posts[i] + 16, 620, posts[1] - posts[0] - 32, 60))
    b.append(window(mid - 26, 530, 52, 56))
    # the wide arched barn gate (Deelentor)
    b.append(path(f"M{posts[3] - 10} {base - 7} L{posts[3] - 10} 850 Q{mid} 770 {posts[5] + 10} 850 L{posts[5] + 10} {base - 7} Z", timber))
    b.append(path(f"M{posts[3] + 4} {base - 7} L{posts[3] + 4} 856 Q{mid} 786 {posts[5] - 4} 856 L{posts[5] - 4} {base - 7} Z", "#2f6b4a"))
    b.append(rect(mid - 3, 800, 6, base - 807, timber))
    for y in (880, 940):
        b.append(rect(posts[3] + 4, y, posts[5] - posts[3] - 8, 6, "#245a3d"))
    # path, fence, flowers, tree
    b.append(path(f"M{mid - 80} {base} L{mid + 80} {base} L{mid + 220} {H} L{mid - 220} {H} Z", "#dcc9a0"))
    fence = [rect(30, 1090, 240, 10, "#ffffff"), rect(820, 1090, 230, 10, "#ffffff")]
    for x in list(range(40, 270, 30)) + list(range(830, 1050, 30)):
        fence.append(path(f"M{x} 1150 L{x} 1072 L{x + 8} 1062 L{x + 16} 1072 L{x + 16} 1150 Z", "#ffffff"))
    b.append(group(fence))
    for _ in range(36):
        x = rnd.choice([rnd.uniform(20, 300), rnd.uniform(790, 1060)])
        b.append(circle(x, rnd.uniform(1160, 1330), rnd.uniform(7, 12), rnd.choice(["#e63946", "#ffd166", "#ffffff", "#b983ff"])))
    b.append(round_tree(95, 1030, 370, "#5a9e4b", "#3f7d3a"))
    return document("Heimatmuseum in einem Fachwerkhaus mit Deelentor", defs, b)


def weihnachtsmarkt():
    rnd = random.Random(3)
    defs = [vgrad("wm-sky", [(0, "#0d1736"), (0.55, "#34286b"), (1, "#b0587a")]),
            vgrad("wm-ground", [(0, "#4a3d5e"), (1, "#241d33")]),
            glow("wm-glow", "#ffd27a")]
    b = [rect(0, 0, W, 820, "url(#wm-sky)")]
    b.append(group([circle(rnd.uniform(0, W), rnd.uniform(0, 520), rnd.choice([2, 2.5, 3.5]), "#ffffff")
                    for _ in range(55)], opacity="0.85"))
    b.append(path("M870 120 a70 70 0 1 0 50 120 a58 58 0 1 1 -50 -120 Z", "#fff6d5"))
    # roofs and church tower of the town behind
    town = "#1c1838"
    b.append(rect(440, 330, 110, 470, town) + poly([(430, 335), (495, 150), (560, 335)], town))
    for x, w, h in ((-20, 170, 180), (140, 150, 240), (280, 170, 200), (540, 160, 230), (690, 170, 190), (850, 130, 250), (970, 140, 200)):
        top = 800 - h
        b.append(rect(x, top, w, h, town) + poly([(x - 4, top + 2), (x + w / 2, top - w * 0.5), (x + w + 4, top + 2)], town))
        for k in range(2):
            b.append(rect(x + w * (0.25 + 0.35 * k), top + 30 + 60 * k, 22, 30, "#f7c86a", opacity="0.85"))
    b.append(rect(0, 800, W, H - 800, "url(#wm-ground)"))
    # three market stalls
    for i, (x, roof) in enumerate(((40, "#a4161a"), (380, "#2d6a4f"), (720, "#a4161a"))):
        w, top = 300, 850
        b.append(ellipse(x + w / 2, 1130, 230, 70, "url(#wm-glow)", opacity="0.55"))
        b.append(rect(x, top, w, 260, "#7a4a2a"))
        for k in range(1, 6):
            b.append(rect(x, top + k * 43, w, 3, "#5f3820"))
        b.append(rect(x + 22, top + 50, w - 44, 110, "#ffcf6b"))
        for k in range(5):
            col = ["#e63946", "#f4a261", "#8ecae6", "#ffffff", "#2a9d8f"][(k + i) % 5]
            b.append(circle(x + 55 + k * 48, top + 132, 16, col))
        b.append(rect(x + 10, top + 160, w - 20, 18, "#5f3820"))
        b.append(poly([(x - 30, top + 6), (x + w / 2, top - 110), (x + w + 30, top + 6)], roof))
        b.append(poly([(x - 30, top + 6), (x + w / 2, top - 110), (x + w / 2, top - 92), (x - 4, top + 4)], "#f4f4f8"))
        b.append(poly([(x + w / 2, top - 110), (x + w + 30, top + 6), (x + w + 4, top + 4), (x + w / 2, top - 92)], "#f4f4f8"))
        b.append("".join(circle(x + 15 + k * 30, top + 14, 15, "#ffffff" if k % 2 else roof) for k in range(10)))
    # string lights with a soft glow
    lights = []
    for x0, x1 in ((0, 540), (540, 1080)):
        lights.append(path(f"M{x0} 690 Q{(x0 + x1) / 2} 790 {x1} 690", stroke="#151225", stroke_width="4"))
        for k in range(1, 10):
            t = k / 10
            x = x0 + (x1 - x0) * t
            y = 690 + 2 * t * (1 - t) * 100 + 12
            lights.append(circle(x, y, 24, "url(#wm-glow)") + circle(x, y, 8, "#ffe08a"))
    b.append("".join(lights))
    # Christmas tree with lights and a star
    tx = 1000
    b.append(rect(tx - 12, 1180, 24, 60, "#4a3322"))
    for k, (y, w) in enumerate(((1190, 120), (1100, 100), (1010, 78), (930, 56))):
        b.append(poly([(tx - w, y), (tx, y - 150), (tx + w, y)], "#1e5b3a" if k % 2 else "#23704a"))
    star = [(tx + 26 * math.cos(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45),
             770 - 26 * math.sin(math.pi / 2 + k * math.pi / 5) * (1 if k % 2 == 0 else 0.45)) for k in range(10)]
    b.append(poly(star, "#ffd60a"))
    for _ in range(16):
        y = rnd.uniform(820, 1180)
        spread = 120 * (y - 780) / 410
        b.append(circle(tx + rnd.uniform(-spread, spread) * 0.8, y, 6, rnd.choice(["#ffd60a", "#ff8fa3", "#ffffff"])))
    # visitors seen from behind
    for x, s, col in ((200, 1.0, "#3d3a5c"), (270, 0.95, "#6a2c3e"), (560, 1.05, "#2f4858"), (640, 0.9, "#4b3b6b"), (850, 1.0, "#5c3b2e")):
        b.append(path(f"M{n(x - 48 * s)} {H} L{n(x - 40 * s)} {n(1255 - 40 * s)} Q{x} {n(1215 - 40 * s)} {n(x + 40 * s)} {n(1255 - 40 * s)} L{n(x + 48 * s)} {H} Z", col)
                 + circle(x, 1170 - 40 * s, 36 * s, "#2b2236")
                 + path(f"M{n(x - 38 * s)} {n(1166 - 40 * s)} a{n(38 * s)} {n(40 * s)} 0 0 1 {n(76 * s)} 0 Z", "#c1121f" if x % 3 else "#e9e6f2")
                 + circle(x, 1122 - 40 * s, 11 * s, "#f4f4f8"))
    return document("Weihnachtsmarkt in der Abenddämmerung mit Lichterketten", defs, b)


def hessel_herbst():
    rnd = random.Random(13)
    hz = 640
    defs = [vgrad("hh-sky", [(0, "#9cbcd4"), (1, "#f7e4c6")]),
            vgrad("hh-river", [(0, "#8fb7c6"), (1, "#2d6b82")])]
    b = [rect(0, 0, W, hz + 10, "url(#hh-sky)"), sun(780, 250, 70, "#ffe3a3", "#fff4dc"),
         cloud(300, 200, 0.9, "#fff8ee"), cloud(860, 120, 0.5, "#fff8ee")]
    b.append(treeline(rnd, hz, -30, 1110, 16, 30, ["#c98b4a", "#b5733d", "#d9a35b"]))
    b.append(rect(0, hz - 30, W, 40, "#ffffff", opacity="0.25"))
    b.append(rect(0, hz, W, H - hz, "#b9a75a"))
    b.append(wavy_band(760, 16, 1.3, 0.6, "#a89548"))
    # the river winding towards the viewer
    b.append(path(f"M500 {hz} C470 700 640 740 600 820 C550 920 260 960 300 1100 C330 1210 520 1260 470 1350 "
                  f"L1010 1350 C1060 1240 700 1200 720 1090 C740 980 880 900 800 820 C740 760 560 720 560 {hz} Z",
                  "url(#hh-river)"))
    b.append(group([path("M560 880 C520 900 400 960 390 1040", stroke="#cfe6ee", stroke_width="6", stroke_linecap="round"),
                    path("M650 1120 C640 1180 720 1240 720 1320", stroke="#cfe6ee", stroke_width="6", stroke_linecap="round"),
                    path("M820 1000 C800 1050 780 1080 800 1130", stroke="#cfe6ee", stroke_width="5", stroke_linecap="round")],
                   opacity="0.6"))
    colors = [("#d1495b", "#a5303f"), ("#ed8b3a", "#c86b22"), ("#f2c14e", "#d39b2a"), ("#c0552b", "#983d1c")]
    trees = ((80, 980, 470, 0), (250, 850, 330, 1), (380, 760, 210, 2), (700, 740, 190, 3),
             (880, 860, 340, 2), (1010, 1000, 480, 1), (140, 1340, 380, 2))
    for x, base, h, c in trees:
        crown, shade = colors[c]
        b.append(round_tree(x, base, h, crown, shade, "#4a3324"))
    b.append(cone_tree(820, 745, 200, "#7a8f3c") + cone_tree(320, 770, 170, "#8a6f2f"))
    for _ in range(34):  # falling and fallen leaves
        x, y = rnd.uniform(0, W), rnd.uniform(250, 1340)
        b.append(ellipse(0, 0, 11, 5.5, rnd.choice(["#d1495b", "#ed8b3a", "#f2c14e", "#c0552b"]),
                         transform=f"translate({n(x)} {n(y)}) rotate({rnd.randint(0, 179)})"))
    return document("Die Hessel im Herbst mit bunt gefärbten Bäumen", defs, b)


def stadtfest():
    rnd = random.Random(7)
    defs = [vgrad("sf-sky", [(0, "#3fb6dc"), (1, "#e4f7fb")]), glow("sf-spot", "#fff3b0")]
    b = [rect(0, 0, W, 820, "url(#sf-sky)"), sun(880, 170, 60, "#fff3a0", "#ffffff"),
         cloud(220, 160, 0.85), cloud(620, 90, 0.55)]
    # gabled town houses around the square
    facades = ("#f6c9a8", "#efe6cf", "#cfe0ef", "#f3b6b0", "#d8e8c8", "#f6dd9a", "#e3cfe8")
    x = -30
    for i, c in enumerate(facades):
        w = 170 + (i * 37) % 50
        top = 560 + (i * 53) % 90
        b.append(rect(x, top, w, 840 - top, c) + poly([(x, top + 1), (x + w / 2, top - w * 0.55), (x + w, top + 1)], c))
        b.append(poly([(x + w / 2, top - w * 0.55), (x + w, top + 1), (x + w, top + 12), (x + w / 2, top - w * 0.55 + 12)], "#9c4a36", opacity="0.5"))
        for r in range(2):
            for k in range(2):
                b.append(rect(x + w * (0.2 + 0.4 * k), top + 30 + r * 90, w * 0.2, 56, "#5b7894"))
        x += w
    b.append(rect(0, 840, W, H - 840, "#e3d3b8"))
    b.append("".join(rect(0, 880 + k * 70, W, 3, "#d1bf9f") for k in range(7)))
    # stage with canopy and spotlights
    b.append(rect(230, 560, 620, 310, "#24324a") + rect(200, 860, 680, 60, "#2a9d8f") + rect(200, 914, 680, 12, "#1f7a70"))
    b.append(poly([(190, 560), (540, 440), (890, 560)], "#e85d4a") + rect(190, 556, 700, 22, "#c8412f"))
    b.append("".join(rect(215 + k * 60, 578, 30, 24, "#ffffff" if k % 2 else "#e85d4a") for k in range(11)))
    for x in (330, 540, 750):
        b.append(ellipse(x, 840, 110, 30, "url(#sf-spot)") + circle(x, 620, 14, "#fff3b0"))
    for x in (250, 800):
        b.append(rect(x, 760, 40, 100, "#111827", rx="6") + circle(x + 20, 790, 12, "#374151") + circle(x + 20, 830, 16, "#374151"))
    # musicians as simple figures: a singer with microphone, a guitarist
    for x, col in ((460, "#f4a261"), (620, "#8ecae6")):
        b.append(rect(x - 26, 720, 52, 100, col, rx="20") + circle(x, 695, 24, "#e0a47a")
                 + rect(x - 22, 818, 16, 44, "#1f2937") + rect(x + 6, 818, 16, 44, "#1f2937"))
    b.append(line(500, 860, 500, 700, "#d1d5db", 5) + circle(500, 700, 8, "#111827"))
    b.append(ellipse(640, 785, 36, 24, "#b5651d", transform="rotate(-25 640 785)") + line(655, 775, 720, 740, "#6b4129", 8))
    # bunting
    flags = ("#e63946", "#ffb703", "#2a9d8f", "#8338ec", "#fb8500", "#3a86ff")
    for row, (y, sag) in enumerate(((200, 90), (290, 80))):
        b.append(path(f"M-10 {y} Q540 {y + 2 * sag} 1090 {y}", stroke="#374151", stroke_width="3"))
        for i in range(15):
            t = (i + 0.5) / 15
            xx = -10 + 1100 * t
            yy = y + 2 * t * (1 - t) * 2 * sag
            b.append(poly([(xx - 24, yy - 3), (xx + 24, yy - 3), (xx, yy + 52)], flags[(i + row * 2) % len(flags)]))
    # balloons
    for x, y, c in ((110, 520, "#e63946"), (160, 470, "#ffb703"), (960, 500, "#3a86ff"), (1010, 560, "#2a9d8f")):
        b.append(path(f"M{x} {y + 46} Q{x + 14} {y + 120} {x - 6} {y + 200}", stroke="#6b7280", stroke_width="2")
                 + ellipse(x, y, 36, 46, c) + ellipse(x - 12, y - 16, 8, 12, "#ffffff", opacity="0.5"))
    # the audience, seen from behind, two rows
    skins = ("#f1c7a4", "#d9a37b", "#a8704b", "#7a4b31", "#f3d3b8")
    hair = ("#2b1d14", "#6b4129", "#c9a227", "#1f1f1f", "#8d5524", "#b0b0b0")
    shirts = ("#e63946", "#2a9d8f", "#457b9d", "#ffb703", "#8338ec", "#f4a261", "#264653")
    for row, (y, s, step) in enumerate(((1080, 0.8, 78), (1230, 1.15, 118))):
        x = 30 + row * 40
        while x < W + 40:
            xx = x + rnd.uniform(-12, 12)
            skin, shirt = rnd.choice(skins), rnd.choice(shirts)
            b.append(path(f"M{n(xx - 56 * s)} {H} L{n(xx - 50 * s)} {n(y + 40 * s)} Q{n(xx)} {n(y + 6 * s)} {n(xx + 50 * s)} {n(y + 40 * s)} L{n(xx + 56 * s)} {H} Z", shirt)
                     + rect(xx - 12 * s, y + 6 * s, 24 * s, 22 * s, skin)
                     + circle(xx, y - 8 * s, 30 * s, rnd.choice(hair)))
            if rnd.random() < 0.22:
                b.append(path(f"M{n(xx + 30 * s)} {n(y + 30 * s)} L{n(xx + 58 * s)} {n(y - 70 * s)}", stroke=shirt,
                              stroke_width=n(20 * s), stroke_linecap="round") + circle(xx + 58 * s, y - 80 * s, 12 * s, skin))
            x += step
    return document("Stadtfest mit Bühne, Wimpelketten und Publikum", defs, b)


SCENES = {
    "feldmarksee": feldmarksee,
    "schloss-harkotten": schloss_harkotten,
    "spargelfeld": spargelfeld,
    "radtour": radtour,
    "heimatmuseum": heimatmuseum,
    "weihnachtsmarkt": weihnachtsmarkt,
    "hessel-herbst": hessel_herbst,
    "stadtfest": stadtfest,
}


def main():
    for name, scene in SCENES.items():
        data = scene().encode("utf-8")
        if len(data) >= 20 * 1024:
            raise SystemExit(f"{name}.svg is {len(data)} bytes, the limit is 20 KB")
        with open(os.path.join(HERE, name + ".svg"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
