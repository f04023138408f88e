import { describe, expect, it } from 'vitest';
import { neutralizeFormula, stripControls } from '../../src/report/sanitize.js';
import { seededRandom } from '../helpers/builders.js';

const ESC = '\u001b';
/** Anything a terminal could act on: C0 except tab and newline, DEL, C1, bidi controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('stripControls', () => {
  it.each([
    ['SGR colour', `${ESC}[31mred${ESC}[0m text`, 'red text'],
    ['cursor movement', `a${ESC}[2Jb${ESC}[10;20Hc`, 'abc'],
    ['private mode CSI', `${ESC}[?25lhidden cursor${ESC}[?25h`, 'hidden cursor'],
    ['OSC title ended by BEL', `${ESC}]0;pwned\u0007after`, 'after'],
    ['OSC hyperlink ended by ST', `${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\`, 'link'],
    ['unterminated OSC', `before${ESC}]0;title`, 'before'],
    ['8-bit CSI', 'a\u009b31mb', 'ab'],
    ['two-character escape (index, reverse index)', `a${ESC}Mb${ESC}Dc`, 'abc'],
    ['two-character private escape (save/restore cursor, keypad mode)', `a${ESC}7b${ESC}8c${ESC}=d`, 'abcd'],
    ['two-character escape (full reset)', `a${ESC}cb`, 'ab'],
    ['lone ESC', `a${ESC} b`, 'a b'],
    ['NUL, BEL and backspace', 'a\u0000b\u0007c\u0008d', 'abcd'],
    ['carriage return, vertical tab, form feed', 'a\rb\u000bc\u000cd', 'abcd'],
    ['DEL', 'a\u007fb', 'ab'],
    ['C1 controls', 'a\u0085b\u0090c\u009fd', 'abcd'],
    ['right-to-left override', 'invoice\u202Egpj.exe', 'invoicegpj.exe'],
    ['bidi embeddings and marks', '\u202Aa\u202Bb\u202Cc\u202Dd\u200Ee\u200Ff', 'abcdef'],
    ['bidi isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
  ])('removes %s', (_, input, expected) => {
    expect(stripControls(input)).toBe(expected);
  });

  it.each([
    ['newlines and tabs', 'line 1\n\tline 2\n'],
    ['accents, CJK and emoji', 'Ocádo 日本 😀 ❤️ — “quoted”'],
    ['Arabic and Hebrew text', 'مرحبا שלום'],
    ['zero-width joiner in emoji', '👩‍👩‍👧'],
    ['plain ASCII punctuation', '[31m] ~ ^ \\ | {}'],
  ])('keeps %s', (_, text) => {
    expect(stripControls(text)).toBe(text);
  });

  it('leaves nothing unsafe in random text made of controls, escapes and letters', () => {
    const rand = seededRandom(7);
    const pieces = [ESC, '[', ']', '0', ';', 'm', '\u0007', '\\', 'a', 'Z', ' ', '\n', '\t', '\r', '\u009b', '\u0085', '\u202e', '\u2066', 'é', '😀', '?'];
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: Math.floor(rand() * 30) }, () => pieces[Math.floor(rand() * pieces.length)]!).join('');
      const out = stripControls(text);
      expect(out, JSON.stringify(text)).not.toMatch(UNSAFE);
      // Stripping is final: nothing new appears when it runs again.
      expect(stripControls(out)).toBe(out);
    }
  });
});

describe('neutralizeFormula', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['=1+1', "'=1+1"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['+1', "'+1"],
    ['-cmd|/c calc', "'-cmd|/c calc"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['@OcadoHelp thanks', "'@OcadoHelp thanks"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('prefixes %j', (cell, expected) => {
    expect(neutralizeFormula(cell)).toBe(expected);
  });

  it.each(['-0.5', '-12', '0.75', '42', '', 'hello', 'Ocado = good', 'a-b', "'=already text"])('leaves %j alone', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell);
  });
});
