export * from './wire';
export * from './lib/displayed-report.dto';
export * from './lib/message-accepted.dto';
export * from './lib/push-subscription.dto';
export * from './lib/receipt.dto';
export * from './lib/send-message.dto';
export * from './lib/sign-in-link.dto';
