import { describe, expect, it } from 'vitest';
import { decodeEntities, excerpt, findSourceLine, repairMojibake, toPlainText } from './text';
import { displayDomain, resolveHttpUrl } from './url';

describe('toPlainText', () => {
  it('drops tags and invisible blocks, decodes entities, collapses white space', () => {
    expect(toPlainText('<p>Hello&nbsp;<em>world</em></p>\n<style>p{}</style><script>x()</script>&#x1F600; &amp; &#169;')).toBe(
      'Hello world 😀 & ©',
    );
  });
  it('never lets markup through, even when entities spell it out or tags are unclosed', () => {
    expect(toPlainText('&lt;script&gt;alert(1)&lt;/script&gt;safe')).toBe('safe');
    expect(toPlainText('text <img src=x onerror=alert(1)')).toBe('text');
    expect(toPlainText('&amp;lt;b&amp;gt;x')).toBe('x');
  });
  it('keeps comparison signs that are not tags', () => {
    expect(toPlainText('a < b and c > d')).toBe('a < b and c > d');
  });
  it('collapses every kind of white space, also in text with no markup at all', () => {
    // Every character \s matches: the shortcut for already-plain text must not let any of them through
    // (vertical tab and form feed go with the other control characters).
    const spaces = [...Array(0x10000).keys()].map((c) => String.fromCharCode(c)).filter((c) => /\s/.test(c));
    expect(spaces.length).toBeGreaterThan(20);
    for (const space of spaces) expect(toPlainText(`a${space}${space}b${space}`)).toMatch(/^a ?b$/);
    expect(toPlainText(' leading')).toBe('leading');
    expect(toPlainText('trailing ')).toBe('trailing');
    expect(toPlainText('two  spaces')).toBe('two spaces');
    expect(toPlainText('already plain, untouched')).toBe('already plain, untouched');
  });
});

describe('decodeEntities', () => {
  it('ignores invalid code points and unknown names', () => {
    expect(decodeEntities('&#0;&#xD800;&#x110000;&bogus;')).toBe('&bogus;');
  });
});

describe('repairMojibake', () => {
  it('repairs UTF-8 read as Latin-1 or Windows-1252', () => {
    expect(repairMojibake('Friedrich Nihat RÃ¶ben')).toBe('Friedrich Nihat Röben');
    expect(repairMojibake('cafÃ© â€” naÃ¯ve')).toBe('café — naïve');
  });
  it('leaves correct text alone', () => {
    for (const text of ['Röben', 'Ça va', 'Ã', 'plain ASCII', 'Zoë 😀', 'Ã¶ and 😀']) expect(repairMojibake(text)).toBe(text);
  });
});

describe('excerpt', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(excerpt('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
    expect(excerpt('short', 12)).toBe('short');
  });
});

describe('findSourceLine', () => {
  it('takes the last "Source: <url>" line', () => {
    expect(findSourceLine('see x\nSource : https://a.test/1\nSources: https://b.test/2).')).toBe('https://b.test/2');
    expect(findSourceLine('no source here')).toBeUndefined();
  });
});

describe('urls', () => {
  it('keeps http(s) only', () => {
    expect(resolveHttpUrl(' https://x.test/a ')).toBe('https://x.test/a');
    expect(resolveHttpUrl('HTTPS://X.test/a/../b', 'https://other.test/')).toBe('https://x.test/b');
    expect(resolveHttpUrl('https:relative', 'https://x.test/dir/feed')).toBe('https://x.test/dir/relative');
    expect(resolveHttpUrl('JavaScript:alert(1)')).toBeUndefined();
    expect(resolveHttpUrl('/p', 'https://x.test/feed')).toBe('https://x.test/p');
    expect(resolveHttpUrl('/p')).toBeUndefined();
    expect(resolveHttpUrl(42)).toBeUndefined();
  });
  it('shows the domain a person recognises', () => {
    expect(displayDomain('https://www.reuters.com/technology/x')).toBe('reuters.com');
    expect(displayDomain('https://news.bbc.co.uk/')).toBe('news.bbc.co.uk');
  });
});
