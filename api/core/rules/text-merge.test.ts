import { mergeText, movePosition } from './text-merge';

describe('two people writing the same note at once', () => {
  it('keeps both when they write in different places', () => {
    const base = 'Læsning steg.\nFravær faldt.';
    expect(mergeText(base, 'Læsning steg fra 70 til 74 %.\nFravær faldt.', 'Læsning steg.\nFravær faldt i efteråret.')).toBe(
      'Læsning steg fra 70 til 74 %.\nFravær faldt i efteråret.',
    );
    expect(mergeText(base, 'Læsning steg.\nFravær faldt i efteråret.', 'Læsning steg fra 70 til 74 %.\nFravær faldt.')).toBe(
      'Læsning steg fra 70 til 74 %.\nFravær faldt i efteråret.',
    );
  });

  it('keeps both when both start a note that was empty, or write over the same words: nothing typed is lost', () => {
    expect(mergeText('', 'Min note', 'Din note')).toBe('Din note\nMin note');
    expect(mergeText('Målet er nået', 'Målet er næsten nået', 'Målet er ikke nået')).toContain('ikke');
    expect(mergeText('Målet er nået', 'Målet er næsten nået', 'Målet er ikke nået')).toContain('næsten');
  });

  it('takes the one side that changed, and the same text once', () => {
    expect(mergeText('a', 'a', 'ab')).toBe('ab');
    expect(mergeText('a', 'ab', 'a')).toBe('ab');
    expect(mergeText('a', 'ab', 'ab')).toBe('ab');
  });

  it("moves the writer's cursor with the text someone else put in front of it", () => {
    expect(movePosition(5, 'hello world', 'Oh, hello world')).toBe(9);
    expect(movePosition(5, 'hello world', 'hello world!')).toBe(5);
    expect(movePosition(11, 'hello world', 'hello big world')).toBe(15);
  });
});
