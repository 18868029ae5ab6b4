/** fontkit (pdfkit's font reader) ships no types: the one function the PDF renderer uses. */
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
