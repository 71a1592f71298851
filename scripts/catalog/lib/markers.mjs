/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` in a document. */
export function replaceMarkedBlock(document, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to < from) throw new Error(`markers ${start} ... ${end} not found`);
  return `${document.slice(0, from + start.length)}\n${body}\n${document.slice(to)}`;
}
