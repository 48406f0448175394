import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links.ts';

describe('links that may open outside the app', () => {
  it('opens https links and mail addresses in the browser or mail client', () => {
    expect(isAllowedExternalUrl('https://docs.confluent.io/platform/current/index.html')).toBe(true);
    expect(isAllowedExternalUrl('mailto:orders-team@example.com')).toBe(true);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(document.domain)'],
    ['file:///etc/passwd'],
    ['file://C:/Windows/System32/calc.exe'],
    ['http://example.com/'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['smb://attacker.example/share'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['https://trusted.example@evil.example/'],
    ['https://user:pw@example.com/'],
    ['mailto:?body=no-recipient'],
    ['not a url'],
    [`https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
