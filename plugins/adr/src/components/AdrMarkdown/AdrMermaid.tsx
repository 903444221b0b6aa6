import { CodeSnippet } from '@backstage/core-components';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';

/** Mermaid refuses longer sources by default; so do we, before loading it. */
const MAX_SOURCE_LENGTH = 50_000;

let renderCount = 0;

/**
 * Draws a Mermaid diagram to an SVG string and returns it as a data: URL.
 * The SVG is shown through `<img>`, never inserted into the page: an image
 * cannot run scripts or reach the DOM, so even a diagram that got past
 * Mermaid's own strict sanitising stays inert. HTML labels are off because
 * `<foreignObject>` HTML does not belong in an image.
 */
export async function renderMermaidToDataUrl(source: string): Promise<string> {
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new Error(
      `the diagram is ${source.length} characters long, over the ${MAX_SOURCE_LENGTH} limit`,
    );
  }
  // Loaded only when an ADR has a diagram: Mermaid is large.
  const { default: mermaid } = await import('mermaid');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    maxTextSize: MAX_SOURCE_LENGTH,
  });
  renderCount += 1;
  const { svg } = await mermaid.render(`adr-mermaid-${renderCount}`, source);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * A ```mermaid fence of an ADR: the drawn diagram, or its source with the
 * reason when it cannot be drawn. Mermaid is bundled with the app (no CDN).
 */
export const AdrMermaid = (props: { source: string }) => {
  const { source } = props;
  const diagram = useAsync(() => renderMermaidToDataUrl(source), [source]);

  if (diagram.value) {
    return (
      <figure data-testid="adr-mermaid" style={{ margin: '16px 0' }}>
        <img
          data-testid="adr-mermaid-diagram"
          src={diagram.value}
          alt="Mermaid diagram"
          style={{ maxWidth: '100%' }}
        />
      </figure>
    );
  }
  return (
    <div data-testid="adr-mermaid">
      <Typography variant="caption" color="text.secondary" component="p">
        {diagram.error
          ? `This Mermaid diagram could not be drawn (${diagram.error.message}); its source:`
          : 'Drawing the Mermaid diagram…'}
      </Typography>
      <CodeSnippet text={source} language="text" showCopyCodeButton />
    </div>
  );
};
