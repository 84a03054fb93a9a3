export * from './lib/inbox-events';
export * from './lib/limits';
export * from './lib/message';
export * from './lib/send-message.dto';
export * from './lib/username';
