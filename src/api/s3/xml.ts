/** S3's XML bodies: the 2006-03-01 namespace, elements in the order the S3 API reference lists them. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export type XmlNode = [name: string, content: string | number | boolean | XmlNode[]];

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

function render(nodes: XmlNode[]): string {
  return nodes
    .map(([name, content]) => `<${name}>${Array.isArray(content) ? render(content) : escape(String(content))}</${name}>`)
    .join('');
}

export function s3Xml(root: string, children: XmlNode[], namespaced = true): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespaced ? ` xmlns="${S3_NAMESPACE}"` : ''}>${render(children)}</${root}>`;
}
