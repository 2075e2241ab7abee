"""Demo images drawn by the project with Pillow, so the demo ships no photo it may not redistribute.

The portrait is an illustration, not a photo of anyone: the practitioner replaces it with their own
in Settings → Practice → the person. Drawn at twice the size and scaled down, for smooth edges."""

import io
import math

from PIL import Image, ImageDraw, ImageFilter

SAGE = (214, 228, 222)
SAND = (244, 236, 224)
TEAL = (29, 92, 87)
TEAL_DARK = (18, 65, 61)
SKIN = (226, 184, 156)
SKIN_SHADE = (205, 160, 133)
HAIR = (96, 64, 48)
HAIR_LIGHT = (128, 88, 64)
SCARF = (196, 120, 72)


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def portrait(width=960, height=1200):
    """A head-and-shoulders illustration on a soft background, as JPEG bytes."""
    scale = 2
    w, h = width * scale, height * scale
    image = _gradient((w, h), SAND, SAGE)

    # Soft light behind the figure.
    glow = Image.new("L", (w, h), 0)
    ImageDraw.Draw(glow).ellipse([w * 0.12, h * 0.08, w * 0.88, h * 0.72], fill=150)
    glow = glow.filter(ImageFilter.GaussianBlur(w * 0.08))
    image = Image.composite(Image.new("RGB", (w, h), (252, 249, 243)), image, glow)
    draw = ImageDraw.Draw(image)

    cx = w / 2
    # Hair behind the head: a shoulder-length bob.
    draw.rounded_rectangle([cx - w * 0.2, h * 0.2, cx + w * 0.2, h * 0.6], radius=w * 0.16, fill=HAIR)
    # Shoulders and sweater.
    draw.ellipse([cx - w * 0.46, h * 0.6, cx + w * 0.46, h * 1.31], fill=TEAL)
    draw.ellipse([cx - w * 0.38, h * 0.66, cx + w * 0.38, h * 1.26], fill=TEAL_DARK)
    draw.ellipse([cx - w * 0.44, h * 0.62, cx + w * 0.44, h * 1.28], outline=TEAL, width=int(w * 0.02))
    # Neck and the shade under the chin.
    draw.rounded_rectangle([cx - w * 0.075, h * 0.5, cx + w * 0.075, h * 0.66], radius=w * 0.05, fill=SKIN)
    draw.ellipse([cx - w * 0.08, h * 0.5, cx + w * 0.08, h * 0.58], fill=SKIN_SHADE)
    # A scarf, folded at the collar.
    draw.polygon(
        [
            (cx - w * 0.17, h * 0.62),
            (cx, h * 0.72),
            (cx + w * 0.17, h * 0.62),
            (cx + w * 0.1, h * 0.76),
            (cx - w * 0.1, h * 0.76),
        ],
        fill=SCARF,
    )
    # Head.
    draw.ellipse([cx - w * 0.15, h * 0.24, cx + w * 0.15, h * 0.56], fill=SKIN)
    # Fringe sweeping to one side.
    draw.chord([cx - w * 0.17, h * 0.19, cx + w * 0.17, h * 0.45], start=180, end=360, fill=HAIR)
    draw.arc(
        [cx - w * 0.15, h * 0.215, cx + w * 0.15, h * 0.5],
        start=200,
        end=250,
        fill=HAIR_LIGHT,
        width=int(w * 0.012),
    )
    # A calm, closed-eyed smile: two lids and a mouth, drawn as arcs.
    eye_y, eye_dx, eye_r = h * 0.395, w * 0.06, w * 0.024
    line = int(w * 0.007)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        draw.arc(
            [ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r], start=200, end=340, fill=HAIR, width=line
        )
    draw.arc(
        [cx - w * 0.05, h * 0.43, cx + w * 0.05, h * 0.49], start=20, end=160, fill=(160, 90, 80), width=line
    )
    # Cheeks.
    for side in (-1, 1):
        bx = cx + side * w * 0.085
        draw.ellipse([bx - w * 0.025, h * 0.44, bx + w * 0.025, h * 0.465], fill=(230, 168, 150))

    # A few soft circles, like light through leaves.
    dots = Image.new("L", (w, h), 0)
    dots_draw = ImageDraw.Draw(dots)
    for n in range(7):
        angle = n * 2 * math.pi / 7 + 0.4
        x, y = cx + math.cos(angle) * w * 0.42, h * 0.32 + math.sin(angle) * h * 0.22
        radius = w * (0.025 + 0.012 * (n % 3))
        dots_draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=70)
    dots = dots.filter(ImageFilter.GaussianBlur(w * 0.01))
    image = Image.composite(Image.new("RGB", (w, h), (255, 255, 255)), image, dots)

    image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, optimize=True)
    return buffer.getvalue()
