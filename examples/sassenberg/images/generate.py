#!/usr/bin/env python3
"""Generates the demo illustrations of Stadt Sassenberg as SVG files.

Flat drawings made of shapes only: no photos, no fonts, no external references,
no scripts. Deterministic, so running it again gives the same bytes.
Run from anywhere: python3 examples/sassenberg/images/generate.py
"""
import math
import os
import random

W, H = 1080, 1350
HERE = os.path.dirname(os.path.abspath(__file__))


def svg(title, body, sky):
    top, bottom = sky
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}">\n'
        f"<title>{title}</title>\n"
        '<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">'
        f'<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>'
        "</linearGradient></defs>\n"
        f'<rect width="{W}" height="{H}" fill="url(#sky)"/>\n'
        + body
        + "</svg>\n"
    )


def hill(y, amplitude, color, phase=0.0, waves=1.5):
    points = [f"0,{H}"]
    for i in range(0, 41):
        x = W * i / 40
        yy = y - amplitude * math.sin(phase + waves * math.pi * i / 40)
        points.append(f"{x:.0f},{yy:.0f}")
    points.append(f"{W},{H}")
    return f'<polygon points="{" ".join(points)}" fill="{color}"/>\n'


def sun(x, y, r, color):
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{color}"/>\n'


def cloud(x, y, s, color="#ffffff"):
    return (
        f'<g fill="{color}" opacity="0.9"><ellipse cx="{x}" cy="{y}" rx="{90*s:.0f}" ry="{34*s:.0f}"/>'
        f'<ellipse cx="{x-50*s:.0f}" cy="{y+8*s:.0f}" rx="{60*s:.0f}" ry="{28*s:.0f}"/>'
        f'<ellipse cx="{x+55*s:.0f}" cy="{y+10*s:.0f}" rx="{55*s:.0f}" ry="{24*s:.0f}"/></g>\n'
    )


def tree(x, base, h, crown, trunk="#5b3a1e"):
    return (
        f'<rect x="{x-8}" y="{base-h}" width="16" height="{h}" fill="{trunk}"/>'
        f'<circle cx="{x}" cy="{base-h}" r="{h*0.45:.0f}" fill="{crown}"/>\n'
    )


def house(x, base, w, h, wall, roof, timber=None):
    out = (
        f'<rect x="{x}" y="{base-h}" width="{w}" height="{h}" fill="{wall}"/>'
        f'<polygon points="{x-20},{base-h} {x+w/2:.0f},{base-h-w*0.55:.0f} {x+w+20},{base-h}" fill="{roof}"/>'
    )
    if timber:
        for i in range(1, 4):
            out += f'<rect x="{x + i*w/4 - 4:.0f}" y="{base-h}" width="8" height="{h}" fill="{timber}"/>'
        out += f'<rect x="{x}" y="{base-h/2 - h/2 + h/2:.0f}" width="{w}" height="8" fill="{timber}"/>'
    out += f'<rect x="{x + w/2 - 28:.0f}" y="{base-90}" width="56" height="90" fill="#3b2a1a"/>\n'
    return out


def feldmarksee():
    b = sun(820, 260, 90, "#ffd166") + cloud(280, 230, 1.2) + cloud(700, 380, 0.8)
    b += hill(760, 40, "#2d6a4f", 0.3)
    b += f'<rect x="0" y="800" width="{W}" height="{H-800}" fill="#1d6fa3"/>\n'
    for i in range(8):
        y = 860 + i * 60
        b += f'<rect x="{80 + (i*137) % 700}" y="{y}" width="220" height="6" rx="3" fill="#8fc6ea" opacity="0.7"/>\n'
    b += '<polygon points="520,780 520,560 640,780" fill="#ffffff"/>'
    b += '<polygon points="510,790 700,790 670,830 540,830" fill="#c1121f"/>\n'
    for x in (90, 180, 930, 1010):
        b += tree(x, 800, 150, "#1b4332")
    return svg("Feldmarksee mit Segelboot", b, ("#8ecae6", "#e0f4ff"))


def schloss_harkotten():
    b = sun(180, 240, 70, "#fff3b0") + cloud(760, 220, 1.0)
    b += hill(820, 20, "#588157", 0.0, 1.0)
    b += f'<rect x="0" y="840" width="{W}" height="{H-840}" fill="#3a6f8f"/>\n'
    b += '<rect x="300" y="520" width="480" height="320" fill="#e9e4d8"/>'
    b += '<polygon points="280,520 540,380 800,520" fill="#7f4f24"/>'
    b += '<rect x="520" y="300" width="40" height="110" fill="#e9e4d8"/><polygon points="510,300 540,250 570,300" fill="#344e41"/>\n'
    for i in range(5):
        for j in range(2):
            b += f'<rect x="{330 + i*92}" y="{570 + j*120}" width="44" height="70" fill="#355070"/>'
    b += '<rect x="516" y="740" width="48" height="100" fill="#5e3b1f"/>\n'
    b += '<g opacity="0.35"><rect x="300" y="860" width="480" height="220" fill="#e9e4d8"/>'
    b += '<polygon points="280,860 540,980 800,860" fill="#7f4f24"/></g>\n'
    for x in (120, 960):
        b += tree(x, 840, 190, "#2f5233")
    return svg("Schloss Harkotten mit Gräfte", b, ("#a9d6e5", "#f1faee"))


def spargelfeld():
    b = sun(540, 330, 120, "#ffb703") + cloud(200, 200, 0.9)
    b += hill(760, 30, "#6a994e", 1.0)
    for i in range(9):
        y = 820 + i * 58
        b += f'<rect x="0" y="{y}" width="{W}" height="34" rx="17" fill="#d4a373"/>'
        b += f'<rect x="0" y="{y+34}" width="{W}" height="24" fill="#bc8a5f"/>\n'
    rnd = random.Random(7)
    for _ in range(28):
        x = rnd.randint(40, 1040)
        y = rnd.choice([820 + i * 58 for i in range(9)])
        b += f'<rect x="{x}" y="{y-40}" width="14" height="46" rx="7" fill="#f8f4e3"/><ellipse cx="{x+7}" cy="{y-40}" rx="8" ry="10" fill="#e9d8a6"/>\n'
    return svg("Spargelfeld bei Füchtorf im Morgenlicht", b, ("#ffd6a5", "#fdffb6"))


def radtour():
    b = sun(900, 200, 70, "#ffe066") + cloud(300, 260, 1.1) + cloud(620, 160, 0.7)
    b += hill(700, 50, "#90be6d", 0.5) + hill(860, 30, "#43aa8b", 2.0)
    b += '<path d="M 540 1350 C 500 1150 640 1000 560 860" stroke="#e9c46a" stroke-width="120" fill="none"/>\n'
    b += '<rect x="780" y="520" width="40" height="180" fill="#f4f1de"/><polygon points="770,520 800,470 830,520" fill="#9c6644"/>'
    b += '<g stroke="#3d405b" stroke-width="10"><line x1="800" y1="500" x2="880" y2="430"/><line x1="800" y1="500" x2="720" y2="430"/><line x1="800" y1="500" x2="880" y2="570"/><line x1="800" y1="500" x2="720" y2="570"/></g>\n'
    for x, y, color in ((470, 1130, "#e63946"), (600, 990, "#1d3557")):
        b += (f'<g fill="none" stroke="#222222" stroke-width="8"><circle cx="{x-45}" cy="{y}" r="38"/><circle cx="{x+45}" cy="{y}" r="38"/>'
              f'<polyline points="{x-45},{y} {x},{y-50} {x+45},{y}"/></g>'
              f'<circle cx="{x}" cy="{y-120}" r="22" fill="#f4a261"/><rect x="{x-16}" y="{y-98}" width="32" height="55" rx="12" fill="{color}"/>\n')
    for x in (80, 200, 1000):
        b += tree(x, 720, 140, "#2a6f4e")
    return svg("Radtour durch die Felder auf der 100-Schlösser-Route", b, ("#bde0fe", "#fefae0"))


def heimatmuseum():
    b = sun(860, 220, 60, "#fff1a8") + cloud(250, 200, 1.0)
    b += hill(900, 15, "#606c38", 0.0, 1.0)
    b += house(260, 930, 560, 380, "#fefae0", "#9b2226", timber="#3f2a1d")
    for i in range(3):
        b += f'<rect x="{300 + i*180}" y="640" width="70" height="80" fill="#6c8ebf"/>'
    b += '\n<rect x="0" y="930" width="1080" height="420" fill="#7f8c5a"/>\n'
    b += '<path d="M 540 1350 L 540 930" stroke="#c9b38c" stroke-width="90"/>\n'
    for x in (120, 960):
        b += tree(x, 930, 220, "#283618")
    return svg("Heimatmuseum im Fachwerkhaus", b, ("#cde7f0", "#f7f3e3"))


def weihnachtsmarkt():
    b = '<circle cx="860" cy="200" r="60" fill="#f1faee"/>\n'
    rnd = random.Random(3)
    for _ in range(40):
        b += f'<circle cx="{rnd.randint(0, W)}" cy="{rnd.randint(0, 600)}" r="3" fill="#ffffff" opacity="0.8"/>'
    b += f'\n<rect x="0" y="980" width="{W}" height="{H-980}" fill="#e5e5e5"/>\n'
    for i, color in enumerate(("#9d0208", "#386641", "#6a040f")):
        x = 80 + i * 330
        b += f'<rect x="{x}" y="760" width="260" height="220" fill="#8d5524"/>'
        b += f'<polygon points="{x-20},770 {x+130},640 {x+280},770" fill="{color}"/>'
        b += f'<rect x="{x+20}" y="840" width="220" height="30" fill="#ffd166"/>\n'
    b += '<path d="M 0 560 Q 270 660 540 560 T 1080 560" stroke="#333333" stroke-width="4" fill="none"/>'
    for i in range(16):
        x = 30 + i * 68
        y = 560 + 50 * math.sin(math.pi * (x % 540) / 540)
        b += f'<circle cx="{x}" cy="{y + 14:.0f}" r="12" fill="#ffd60a"/>'
    b += "\n" + tree(540, 980, 260, "#1b4332")
    return svg("Weihnachtsmarkt am Abend mit Lichterketten", b, ("#14213d", "#3c096c"))


def hessel_herbst():
    b = sun(200, 260, 80, "#ffba08") + cloud(720, 240, 1.0, "#fff8f0")
    b += hill(760, 40, "#bc6c25", 0.8)
    b += '<path d="M 0 1100 C 300 980 500 1200 1080 1000 L 1080 1180 C 600 1350 300 1120 0 1260 Z" fill="#4895ef"/>\n'
    for x, color in ((90, "#d00000"), (230, "#e85d04"), (380, "#faa307"), (720, "#dc2f02"), (880, "#f48c06"), (1010, "#9d0208")):
        b += tree(x, 960, 230, color)
    rnd = random.Random(11)
    for _ in range(30):
        b += f'<ellipse cx="{rnd.randint(0, W)}" cy="{rnd.randint(980, 1340)}" rx="9" ry="5" fill="#e85d04"/>'
    return svg("Die Hessel im Herbst mit bunten Bäumen", b + "\n", ("#ffe8d6", "#fff3e6"))


def stadtfest():
    b = sun(900, 220, 70, "#ffd60a") + cloud(250, 200, 0.9)
    b += f'<rect x="0" y="1000" width="{W}" height="{H-1000}" fill="#adb5bd"/>\n'
    b += '<rect x="240" y="640" width="600" height="300" fill="#264653"/><rect x="210" y="940" width="660" height="60" fill="#2a9d8f"/>\n'
    b += '<polygon points="220,640 540,520 860,640" fill="#e76f51"/>\n'
    colors = ("#e63946", "#f4a261", "#2a9d8f", "#457b9d", "#ffb703")
    for row, y in enumerate((420, 500)):
        b += f'<path d="M 0 {y} Q 540 {y+90} 1080 {y}" stroke="#333333" stroke-width="3" fill="none"/>'
        for i in range(14):
            x = 40 + i * 75
            yy = y + 90 * (1 - ((x - 540) / 540) ** 2) / 2
            b += f'<polygon points="{x-20},{yy:.0f} {x+20},{yy:.0f} {x},{yy+45:.0f}" fill="{colors[(i + row) % 5]}"/>'
        b += "\n"
    rnd = random.Random(5)
    for _ in range(18):
        x = rnd.randint(60, 1020)
        b += f'<circle cx="{x}" cy="1080" r="22" fill="#6d597a"/><rect x="{x-20}" y="1100" width="40" height="90" rx="14" fill="{rnd.choice(colors)}"/>'
    return svg("Stadtfest mit Bühne und Wimpelketten", b + "\n", ("#90e0ef", "#caf0f8"))


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

if __name__ == "__main__":
    for name, scene in SCENES.items():
        with open(os.path.join(HERE, name + ".svg"), "w", encoding="utf-8") as f:
            f.write(scene())
