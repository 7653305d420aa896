"""Regenerates the synthetic sample images (no real person, no real document).

    python3 generate.py

Writes front.png (a drawn ID card with a cartoon portrait and grey bars for text),
back.png (a barcode-like block that encodes nothing) and selfie.png (a cartoon face).
Only the Python standard library is used.
"""
import math
import struct
import zlib


def png(path, w, h, pixel):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw += bytes(pixel(x, y))

    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

    data = (b'\x89PNG\r\n\x1a\n'
            + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(bytes(raw), 9))
            + chunk(b'IEND', b''))
    with open(path, 'wb') as f:
        f.write(data)


W, H = 428, 270  # ID-1 card aspect ratio


def front(x, y):
    if y < 40:
        return (30, 70, 140)
    if 20 <= x < 140 and 60 <= y < 220:
        cx, cy = 80, 125
        if (x - cx) ** 2 / 35 ** 2 + (y - cy) ** 2 / 45 ** 2 <= 1:
            if (x - 68) ** 2 + (y - 115) ** 2 < 16 or (x - 92) ** 2 + (y - 115) ** 2 < 16:
                return (40, 40, 40)
            if 140 <= y <= 146 and 68 <= x <= 92:
                return (150, 60, 60)
            return (235, 200, 160)
        if y > 170 and (x - cx) ** 2 / 60 ** 2 + (y - 235) ** 2 / 60 ** 2 <= 1:
            return (70, 90, 120)
        return (200, 215, 230)
    for i, (w0, w1) in enumerate([(160, 400), (160, 330), (160, 370), (160, 300), (160, 350)]):
        y0 = 70 + i * 28
        if y0 <= y < y0 + 10 and w0 <= x < w1:
            return (60, 60, 60)
    return (225, 232, 240)


def back(x, y):
    if 60 <= y < 200 and 30 <= x < 400:
        col = (x - 30) // 3
        row = (y - 60) // 10
        v = (col * 7919 + row * 104729) % 11
        return (20, 20, 20) if v < 5 else (250, 250, 250)
    return (225, 232, 240)


def selfie(x, y):
    cx, cy = 160, 170
    if (x - cx) ** 2 / 80 ** 2 + (y - cy) ** 2 / 100 ** 2 <= 1:
        if (x - 130) ** 2 + (y - 150) ** 2 < 64 or (x - 190) ** 2 + (y - 150) ** 2 < 64:
            return (40, 40, 40)
        if 215 <= y <= 222 and 130 <= x <= 190:
            return (160, 60, 60)
        return (235, 200, 160)
    if y > 260 and (x - cx) ** 2 / 130 ** 2 + (y - 400) ** 2 / 140 ** 2 <= 1:
        return (90, 120, 90)
    return (200, 220, 235)


if __name__ == '__main__':
    png('front.png', W, H, front)
    png('back.png', W, H, back)
    png('selfie.png', 320, 400, selfie)
