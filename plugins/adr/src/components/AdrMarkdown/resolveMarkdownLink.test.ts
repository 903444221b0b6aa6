/* eslint-disable no-script-url */
import { resolveImageSource, resolveMarkdownLink } from './resolveMarkdownLink';

const here = 'decisions/0003-use-kafka.md';

describe('resolveMarkdownLink', () => {
  it.each([
    ['https://example.com/x?y#z', 'https://example.com/x?y#z'],
    ['http://example.com', 'http://example.com'],
    ['mailto:arch@example.com', 'mailto:arch@example.com'],
    ['HTTPS://EXAMPLE.COM', 'HTTPS://EXAMPLE.COM'],
  ])('lets %s through', (href, expected) => {
    expect(resolveMarkdownLink(href, here)).toEqual({
      kind: 'external',
      href: expected,
    });
  });

  it('keeps anchors', () => {
    expect(resolveMarkdownLink('#context', here)).toEqual({
      kind: 'anchor',
      href: '#context',
    });
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    'tel:123',
    '//evil.example.com/x',
    '/etc/passwd',
    '../../outside.md',
    '..\\windows.md',
    '%E0%A4%A.md',
    '',
    undefined,
  ])('turns %p into text', href => {
    expect(resolveMarkdownLink(href, here)).toEqual({ kind: 'text' });
  });

  it('resolves a sibling ADR relative to the current file, keeping the hash', () => {
    expect(resolveMarkdownLink('./0001-record.md#status', here)).toEqual({
      kind: 'adr',
      path: 'decisions/0001-record.md',
      hash: '#status',
    });
    expect(resolveMarkdownLink('../0002-top%20level.md', here)).toEqual({
      kind: 'adr',
      path: '0002-top level.md',
      hash: '',
    });
  });

  it('treats other relative files (README, templates, images) as files', () => {
    expect(resolveMarkdownLink('README.md', here)).toEqual({
      kind: 'file',
      path: 'decisions/README.md',
    });
    expect(resolveMarkdownLink('attachments/plan.pdf?x=1', here)).toEqual({
      kind: 'file',
      path: 'decisions/attachments/plan.pdf',
    });
  });
});

describe('resolveImageSource', () => {
  it('loads relative images through the backend and http(s) as is', () => {
    expect(resolveImageSource('img/arch.png', here)).toEqual({
      kind: 'file',
      path: 'decisions/img/arch.png',
    });
    expect(resolveImageSource('https://example.com/a.png', here)).toEqual({
      kind: 'external',
      src: 'https://example.com/a.png',
    });
  });

  it.each([
    'data:image/svg+xml;base64,PHN2Zz4=',
    'javascript:alert(1)',
    'mailto:x@example.com',
    '../../../secret.png',
    undefined,
  ])('refuses %p', src => {
    expect(resolveImageSource(src, here)).toEqual({ kind: 'none' });
  });
});
