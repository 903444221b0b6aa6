/** MADR 3 front matter saved with Windows (CRLF) line endings. */
export const windowsLineEndings = [
  '---',
  'status: Rejected',
  'date: 2021-06-30',
  'deciders:',
  '  - Kim Park',
  '---',
  '# Run our own Kubernetes',
  '',
  '## Context and Problem Statement',
  '',
  'We could run clusters ourselves.',
  '',
].join('\r\n');
