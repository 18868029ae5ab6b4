import { PNG } from 'pngjs';
import { RULES, type Issue } from './issues';

/** The app's two icons, as Teams requires them (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons). */

function readPng(buf: Buffer, name: string): { png?: PNG; issues: Issue[] } {
  try {
    return { png: PNG.sync.read(buf), issues: [] };
  } catch (e) {
    return { issues: [{ rule: RULES.iconPng, message: `${name} is not a readable PNG (${(e as Error).message})` }] };
  }
}

/** Colour icon: a PNG of exactly 192×192 pixels. */
export function checkColorIcon(buf: Buffer, name = 'color.png'): Issue[] {
  const { png, issues } = readPng(buf, name);
  if (!png) return issues;
  if (png.width !== 192 || png.height !== 192) {
    return [{ rule: RULES.iconColorSize, message: `${name} is ${png.width}×${png.height}; the colour icon must be 192×192` }];
  }
  return [];
}

/** Outline icon: a PNG of exactly 32×32 pixels, each pixel white or fully transparent. */
export function checkOutlineIcon(buf: Buffer, name = 'outline.png'): Issue[] {
  const { png, issues } = readPng(buf, name);
  if (!png) return issues;
  if (png.width !== 32 || png.height !== 32) {
    return [{ rule: RULES.iconOutlineSize, message: `${name} is ${png.width}×${png.height}; the outline icon must be 32×32` }];
  }
  const bad: string[] = [];
  let count = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
        count++;
        if (bad.length < 3) bad.push(`(${x},${y}) rgba(${r},${g},${b},${a})`);
      }
    }
  }
  if (count > 0) {
    return [
      {
        rule: RULES.iconOutlineColour,
        message: `${name} has ${count} pixel(s) that are neither white nor transparent, e.g. ${bad.join(', ')}`,
      },
    ];
  }
  return [];
}
