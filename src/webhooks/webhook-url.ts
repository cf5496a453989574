// Which endpoint URLs are accepted when an admin saves them. Where they point is judged later, at
// delivery time, on the address actually connected to (see webhook-sender.ts).

/** Why `text` may not be an endpoint URL, or null when it may. */
export function urlRefusal(text: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    return allowHttp ? 'url must be https:// or http://' : 'url must be https://';
  }
  if (url.hostname === '') return 'url must name a host';
  // They would be sent as basic auth and shown in every listing of the endpoint.
  if (url.username !== '' || url.password !== '') return 'url must not carry credentials';
  return null;
}
