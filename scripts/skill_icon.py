"""The skill's store icons (108 and 512 px PNG), drawn in code: a white
spine of five vertebrae, pink discs between them (the breast cancer
ribbon's colour), on calm teal. Standard library only, deterministic bytes.
"""

from __future__ import annotations

import struct
import zlib

BACKGROUND = (24, 95, 102)
BONE = (255, 255, 255)
DISC = (244, 167, 185)

# (centre x, centre y, half width, half height, corner radius) in a unit square;
# a gentle S-curve, narrower towards the neck.
VERTEBRAE = [
    (0.520, 0.200, 0.105, 0.044, 0.030),
    (0.497, 0.340, 0.125, 0.048, 0.033),
    (0.482, 0.485, 0.145, 0.052, 0.036),
    (0.497, 0.635, 0.165, 0.056, 0.039),
    (0.527, 0.790, 0.185, 0.060, 0.042),
]


def _discs() -> list[tuple[float, float, float, float, float]]:
    discs = []
    for (x1, y1, w1, h1, _), (x2, y2, w2, h2, _) in zip(VERTEBRAE, VERTEBRAE[1:], strict=False):
        top, bottom = y1 + h1, y2 - h2
        discs.append(((x1 + x2) / 2, (top + bottom) / 2, 0.8 * min(w1, w2), (bottom - top) / 2 * 0.7, 0.014))
    return discs


def _rounded_box_distance(px: float, py: float, box: tuple[float, float, float, float, float]) -> float:
    cx, cy, hw, hh, r = box
    qx, qy = abs(px - cx) - hw + r, abs(py - cy) - hh + r
    outside = (max(qx, 0.0) ** 2 + max(qy, 0.0) ** 2) ** 0.5
    return outside + min(max(qx, qy), 0.0) - r


def render(size: int) -> list[list[tuple[int, int, int]]]:
    pixels = [[BACKGROUND] * size for _ in range(size)]
    for colour, boxes in ((DISC, _discs()), (BONE, VERTEBRAE)):
        for box in boxes:
            cx, cy, hw, hh, _ = box
            x0, x1 = max(int((cx - hw) * size) - 2, 0), min(int((cx + hw) * size) + 3, size)
            y0, y1 = max(int((cy - hh) * size) - 2, 0), min(int((cy + hh) * size) + 3, size)
            for y in range(y0, y1):
                row = pixels[y]
                for x in range(x0, x1):
                    d = _rounded_box_distance((x + 0.5) / size, (y + 0.5) / size, box) * size
                    cover = min(max(0.5 - d, 0.0), 1.0)  # one-pixel anti-aliased edge
                    if cover > 0:
                        under = row[x]
                        row[x] = tuple(round(u + (c - u) * cover) for u, c in zip(under, colour, strict=True))
    return pixels


def png(size: int) -> bytes:
    raw = b"".join(b"\x00" + bytes(v for pixel in row for v in pixel) for row in render(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
