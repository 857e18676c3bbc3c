import type { Address } from 'postal-mime';
import type { MailAddress } from './message-types.js';
import { fixWindows1252 } from './windows-1252.js';

/** Flattens postal-mime addresses (groups included) into plain mailboxes with lower-cased addresses. */
export function mailboxes(list: Address[] | Address | undefined): MailAddress[] {
  if (!list) return [];
  const items = Array.isArray(list) ? list : [list];
  return items.flatMap((item) =>
    item.group
      ? item.group.map((member) => mailbox(member.name, member.address))
      : [mailbox(item.name, item.address)],
  );
}

function mailbox(name: string, address: string | undefined): MailAddress {
  return { name: fixWindows1252(name).trim(), address: (address ?? '').trim().toLowerCase() };
}

/** `Name <address>` or just the address, for display fields. */
export function formatAddress(address: MailAddress): string {
  if (!address.address) return address.name;
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** The domain part of an address, lower-cased, or undefined for a malformed one. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return undefined;
  return address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, '');
}
