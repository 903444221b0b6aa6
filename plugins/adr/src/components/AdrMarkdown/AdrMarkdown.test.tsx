/* eslint-disable no-script-url */
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { adrApiRef } from '../../api/AdrApi';
import { createFakeAdrApi } from '../../__fixtures__/fakeAdrApi';
import { AdrMarkdown } from './AdrMarkdown';

const mermaidRender = jest.fn();
jest.mock('mermaid', () => ({
  __esModule: true,
  default: {
    initialize: jest.fn(),
    render: (...args: unknown[]) => mermaidRender(...args),
  },
}));

const entityRef = 'component:default/payments';

async function renderMarkdown(body: string, api = createFakeAdrApi()) {
  const result = await renderInTestApp(
    <TestApiProvider apis={[[adrApiRef, api]]}>
      <AdrMarkdown
        body={body}
        entityRef={entityRef}
        path="docs/0002-use-kafka.md"
        adrHref={(path, hash) =>
          `/adrs/component/default/payments/${path}${hash}`
        }
      />
    </TestApiProvider>,
  );
  return { ...result, api };
}

describe('AdrMarkdown', () => {
  let createObjectURL: jest.Mock;
  let revokeObjectURL: jest.Mock;
  beforeEach(() => {
    createObjectURL = jest.fn(() => 'blob:http://localhost/img-1');
    revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('never turns raw HTML into elements', async () => {
    const { container } = await renderMarkdown(
      [
        'Before',
        '',
        '<script>alert(1)</script>',
        '',
        '<img src=x onerror="alert(2)">',
        '',
        '<iframe src="https://evil.example.com"></iframe>',
        '',
        'Inline <b onclick="alert(3)">bold</b> text',
      ].join('\n'),
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('iframe')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.querySelector('[onclick]')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    // Shown as text, so the reader sees what the file contains.
    expect(container.textContent).toContain('<script>alert(1)</script>');
  });

  it('renders dangerous links as text without an href', async () => {
    const { container } = await renderMarkdown(
      [
        '[js](javascript:alert(1))',
        '[data](data:text/html;base64,PHNjcmlwdD4=)',
        '[vb](vbscript:msgbox)',
        '[ok](https://example.com/docs)',
        '[mail](mailto:arch@example.com)',
        '[here](#decision)',
      ].join('\n\n'),
    );
    for (const anchor of Array.from(container.querySelectorAll('a'))) {
      const href = anchor.getAttribute('href') ?? '';
      expect(href).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
    expect(screen.getByText('js').closest('a')).toBeNull();
    expect(screen.getByText('data').closest('a')).toBeNull();
    expect(screen.getByText('vb').closest('a')).toBeNull();
    expect(screen.getByText('ok').closest('a')).toHaveAttribute(
      'href',
      'https://example.com/docs',
    );
    expect(screen.getByText('mail').closest('a')).toHaveAttribute(
      'href',
      'mailto:arch@example.com',
    );
    expect(screen.getByText('here').closest('a')).toHaveAttribute(
      'href',
      '#decision',
    );
  });

  it('sends a relative link to another ADR to the reader route', async () => {
    await renderMarkdown('See [the first one](./0001-record.md#status).');
    expect(screen.getByText('the first one').closest('a')).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/docs/0001-record.md#status',
    );
  });

  it('turns a relative link to another file into a download through getFile', async () => {
    const { api } = await renderMarkdown('Read [the plan](plan.pdf).');
    const button = screen.getByRole('button', { name: 'the plan' });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    button.click();
    await waitFor(() =>
      expect(api.getFile).toHaveBeenCalledWith(entityRef, 'docs/plan.pdf'),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(revokeObjectURL).toHaveBeenCalled();
    click.mockRestore();
  });

  it('fetches relative images through getFile and shows them as blob URLs, revoked on unmount', async () => {
    const { api, unmount } = await renderMarkdown(
      '![architecture](img/arch.png)',
    );
    const img = await screen.findByRole('img', { name: 'architecture' });
    expect(img).toHaveAttribute('src', 'blob:http://localhost/img-1');
    expect(api.getFile).toHaveBeenCalledWith(entityRef, 'docs/img/arch.png');
    unmount();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:http://localhost/img-1');
  });

  it('shows only the alt text for images it will not load', async () => {
    const { container, api } = await renderMarkdown(
      '![tracker](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz4=)',
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('tracker');
    expect(api.getFile).not.toHaveBeenCalled();
  });

  it('draws a mermaid fence as an image, never as inline SVG', async () => {
    mermaidRender.mockResolvedValue({
      svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>A</text></svg>',
    });
    const { container } = await renderMarkdown(
      ['```mermaid', 'graph TD; A-->B', '```'].join('\n'),
    );
    const image = await screen.findByTestId('adr-mermaid-diagram');
    expect(mermaidRender).toHaveBeenCalledWith(
      expect.stringMatching(/^adr-mermaid-\d+$/),
      'graph TD; A-->B',
    );
    expect(image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;/);
    expect(image).toHaveAttribute('alt', 'Mermaid diagram');
    expect(container.querySelector('svg script')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
  });

  it('shows the source and the reason when a diagram cannot be drawn', async () => {
    mermaidRender.mockRejectedValue(new Error('Parse error on line 1'));
    await renderMarkdown(['```mermaid', 'graph ??', '```'].join('\n'));
    expect(
      await screen.findByText(
        /could not be drawn \(Parse error on line 1\); its source/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('adr-mermaid').textContent).toContain('graph ??');
  });

  it('refuses an oversized diagram without loading mermaid', async () => {
    mermaidRender.mockClear();
    await renderMarkdown(
      ['```mermaid', `graph TD; ${'A-->B; '.repeat(8000)}`, '```'].join('\n'),
    );
    expect(await screen.findByText(/over the 50000 limit/)).toBeInTheDocument();
    expect(mermaidRender).not.toHaveBeenCalled();
  });

  it('highlights fenced code with CodeSnippet', async () => {
    mermaidRender.mockReturnValue(new Promise(() => {}));
    const { container } = await renderMarkdown(
      [
        '```ts',
        'const answer: number = 42;',
        '```',
        '',
        '```mermaid',
        'graph TD; A-->B',
        '```',
      ].join('\n'),
    );
    const block = screen.getByTestId('adr-code-block');
    // react-syntax-highlighter splits highlighted code into token spans.
    expect(block.querySelectorAll('span').length).toBeGreaterThan(1);
    expect(block.textContent).toContain('const answer: number = 42;');
    // Until the diagram is drawn, its source shows.
    expect(screen.getByTestId('adr-mermaid').textContent).toContain(
      'graph TD; A-->B',
    );
    expect(
      screen.getByText('Drawing the Mermaid diagram…'),
    ).toBeInTheDocument();
    expect(container.querySelectorAll('pre pre')).toHaveLength(0);
  });
});
