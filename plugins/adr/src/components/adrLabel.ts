/** "ADR-0007" for an ADR number, or null when the ADR has none. */
export function adrNumberLabel(number: number | null): string | null {
  return number === null ? null : `ADR-${String(number).padStart(4, '0')}`;
}

/**
 * How an ADR is named in lists and links: "ADR-0007 Use Kafka", falling back
 * to what is known (title, then the file name).
 */
export function adrLabel(adr: {
  number: number | null;
  title: string | null;
  path?: string | null;
  target?: string;
}): string {
  const title = adr.title ?? adr.path?.split('/').pop() ?? adr.target ?? '';
  const number = adrNumberLabel(adr.number);
  return number ? `${number} ${title}`.trim() : title;
}
