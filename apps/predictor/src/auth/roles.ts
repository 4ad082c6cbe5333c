/** What an API key may do; a route names the one role it needs. */
export const ROLES = ['score', 'feedback', 'alert-reset'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  /** Who holds the key; logged and shown in errors, unlike the token. */
  readonly name: string;
  readonly roles: ReadonlySet<Role>;
}
