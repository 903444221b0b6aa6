/** An adr-tools record saved by an editor that writes a UTF-8 BOM. */
export const byteOrderMark = `\uFEFF# 4. Adopt OpenTelemetry

Date: 2019-11-05

## Status

Deprecated

## Context

Vendor agents differ per language.
`;
