/**
 * The decorator-free half of the contracts: types, constants and the username rule. The
 * page imports only this entry, so class-validator stays out of its bundle; the API takes
 * the validated DTOs from the package root as well.
 */
export * from './lib/examples';
export * from './lib/inbox-events';
export * from './lib/limits';
export * from './lib/message';
export * from './lib/push';
export * from './lib/receipt';
export * from './lib/routes';
export * from './lib/sign-in';
export * from './lib/username';
