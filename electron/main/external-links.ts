// Which links may leave the app for the user's browser or mail client (shell.openExternal). Everything else
// — file:, javascript:, data:, custom schemes that launch other programs, http: — is refused, because a
// link can come from text written by a stranger (a descriptor's docs URL, a message payload).

const MAX_URL_LENGTH = 2048;

export function isAllowedExternalUrl(raw: string): boolean {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return /^[^\s@/?#]+@[^\s@/?#]+$/.test(decodeURIComponentSafe(url.pathname));
  if (url.protocol !== 'https:' || !url.hostname) return false;
  // https://trusted.example@evil.example/ reads as trusted to a person; credentials in a link are never needed.
  return url.username === '' && url.password === '';
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
