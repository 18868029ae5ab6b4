/**
 * Draws the two Teams app icons with pngjs and writes them next to the manifest:
 *
 * - `color.png`   192×192: a teal rounded square with a white annual wheel (twelve month segments)
 *                 and a white check mark;
 * - `outline.png`  32×32: the same wheel and check mark in white on a transparent background.
 *
 * Run with `tsx manifest/make-icons.ts`. The output is deterministic, so re-running it leaves the
 * committed files unchanged unless the drawing code changes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** The app's accent colour (also `accentColor` in manifest.json). */
export const ACCENT = { r: 0x0e, g: 0x7a, b: 0x6d } as const;

type Shape = (x: number, y: number) => boolean;

/** Sub-samples per pixel side: 4×4 = 16 samples give smooth edges. */
const SUPERSAMPLE = 4;

/** Fraction (0..1) of a pixel covered by a shape, by regular sub-sampling. */
function coverage(shape: Shape, px: number, py: number): number {
  let inside = 0;
  for (let i = 0; i < SUPERSAMPLE; i++) {
    for (let j = 0; j < SUPERSAMPLE; j++) {
      const x = px + (i + 0.5) / SUPERSAMPLE;
      const y = py + (j + 0.5) / SUPERSAMPLE;
      if (shape(x, y)) inside++;
    }
  }
  return inside / (SUPERSAMPLE * SUPERSAMPLE);
}

function roundedSquare(size: number, radius: number): Shape {
  return (x, y) => {
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
}

/** A ring of twelve month segments separated by small gaps (the annual cycle, "årshjul"). */
function wheel(cx: number, cy: number, radius: number, width: number, gapDegrees: number): Shape {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    if (Math.abs(d - radius) > width / 2) return false;
    if (gapDegrees <= 0) return true;
    const angle = ((Math.atan2(y - cy, x - cx) * 180) / Math.PI + 360 + 15) % 30; // gaps at 15°, 45°, …
    return angle > gapDegrees / 2 && angle < 30 - gapDegrees / 2;
  };
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** A check mark as a two-segment polyline with round caps. */
function checkMark(points: readonly [number, number][], thickness: number): Shape {
  return (x, y) => {
    for (let k = 0; k + 1 < points.length; k++) {
      const [ax, ay] = points[k]!;
      const [bx, by] = points[k + 1]!;
      if (distanceToSegment(x, y, ax, ay, bx, by) <= thickness / 2) return true;
    }
    return false;
  };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => shapes.some((s) => s(x, y));
}

/** The symbol (wheel + check mark) drawn on a canvas of `size` pixels, scaled from a 192 design. */
function symbol(size: number, withGaps: boolean): Shape {
  const k = size / 192;
  return union(
    wheel(96 * k, 96 * k, 62 * k, Math.max(12 * k, 2.5), withGaps ? 6 : 0),
    checkMark(
      [
        [64 * k, 98 * k],
        [87 * k, 121 * k],
        [130 * k, 74 * k],
      ],
      Math.max(16 * k, 3.2),
    ),
  );
}

/** 192×192 colour icon: accent rounded square, white symbol. */
export function renderColorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  const background = roundedSquare(size, 40);
  const mark = symbol(size, true);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bg = coverage(background, x, y);
      const fg = coverage(mark, x, y);
      const i = (y * size + x) * 4;
      // White symbol over the accent colour; the background's coverage sets the alpha (rounded corners).
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * fg);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * fg);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * fg);
      png.data[i + 3] = Math.round(255 * bg);
    }
  }
  return png;
}

/** 32×32 outline icon: white symbol on transparent; edges are smoothed with alpha only. */
export function renderOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  const mark = symbol(size, false);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = Math.round(255 * coverage(mark, x, y));
      const i = (y * size + x) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = a;
    }
  }
  return png;
}

export function writeIcons(dir: string): { color: string; outline: string } {
  const color = join(dir, 'color.png');
  const outline = join(dir, 'outline.png');
  writeFileSync(color, PNG.sync.write(renderColorIcon()));
  writeFileSync(outline, PNG.sync.write(renderOutlineIcon()));
  return { color, outline };
}

if (require.main === module) {
  const written = writeIcons(__dirname);
  console.log(`wrote ${written.color} and ${written.outline}`);
}
