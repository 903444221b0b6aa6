/** A date-prefixed file (\`20201016-use-the-slug.md\`) with no date inside. */
export const datePrefixed = `# Use the slug as the identifier

Status: draft

Files are named by date, so numbers never collide between branches.
`;
