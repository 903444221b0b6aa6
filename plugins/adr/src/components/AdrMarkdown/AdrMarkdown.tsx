import { CodeSnippet, Link } from '@backstage/core-components';
import Typography from '@mui/material/Typography';
import ReactMarkdown, { Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { AdrFileLink } from './AdrFileLink';
import { AdrImage } from './AdrImage';
import { AdrMermaid } from './AdrMermaid';
import { resolveImageSource, resolveMarkdownLink } from './resolveMarkdownLink';

/**
 * Props of {@link AdrMarkdown}.
 * @public
 */
export type AdrMarkdownProps = {
  /** Untrusted markdown. */
  body: string;
  /** The entity whose ADR folder holds the document. */
  entityRef: string;
  /** The document's path relative to the ADR folder. */
  path: string;
  /** Where a link to another ADR of the same folder should go. */
  adrHref: (path: string, hash: string) => string;
};

/**
 * Renders an ADR body as untrusted markdown. There is deliberately no
 * rehype-raw: raw HTML stays text, so `<script>` or `<img onerror>` never
 * become elements. Links and images go through one policy
 * ({@link resolveMarkdownLink}); fenced code is highlighted locally.
 * @public
 */
export const AdrMarkdown = (props: AdrMarkdownProps) => {
  const { body, entityRef, path, adrHref } = props;

  const components: Components = {
    a: ({ href, children }) => {
      const target = resolveMarkdownLink(href, path);
      switch (target.kind) {
        case 'external':
          return (
            <Link to={target.href} target="_blank" rel="noopener noreferrer">
              {children}
            </Link>
          );
        case 'anchor':
          return <a href={target.href}>{children}</a>;
        case 'adr':
          return <Link to={adrHref(target.path, target.hash)}>{children}</Link>;
        case 'file':
          return (
            <AdrFileLink entityRef={entityRef} path={target.path}>
              {children}
            </AdrFileLink>
          );
        default:
          return <span data-testid="adr-unsafe-link">{children}</span>;
      }
    },
    img: ({ src, alt, title }) => {
      const source = resolveImageSource(src, path);
      if (source.kind === 'external') {
        return (
          <img
            src={source.src}
            alt={alt ?? ''}
            title={title}
            referrerPolicy="no-referrer"
            style={{ maxWidth: '100%' }}
          />
        );
      }
      if (source.kind === 'file') {
        return (
          <AdrImage
            entityRef={entityRef}
            path={source.path}
            alt={alt}
            title={title}
          />
        );
      }
      return <span>{alt ?? ''}</span>;
    },
    // CodeSnippet draws its own <pre>; the markdown one would nest it.
    pre: ({ children }) => <>{children}</>,
    code: ({ inline, className, children }) => {
      const text = String(children).replace(/\n$/, '');
      if (inline) return <code>{text}</code>;
      const language = /language-([\w+-]+)/.exec(className ?? '')?.[1];
      if (language === 'mermaid') return <AdrMermaid source={text} />;
      return (
        <div data-testid="adr-code-block">
          <CodeSnippet
            text={text}
            language={language ?? 'text'}
            showCopyCodeButton
          />
        </div>
      );
    },
  };

  return (
    <Typography component="div" variant="body1" className="adr-markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {body}
      </ReactMarkdown>
    </Typography>
  );
};
