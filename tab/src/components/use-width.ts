import { useEffect, useState } from 'react';

/**
 * The width an element has, followed as the panel is resized (a meeting side panel, a phone): drawings that
 * are made at the width they get keep their text legible. Returns a ref callback for the element and its width
 * (`initial` until it is measured; in a test without layout it stays so).
 */
export function useWidth(initial: number): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    if (!el) return;
    const measure = () => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}
