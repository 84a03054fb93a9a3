/** Every text of the page, in English and Italian. The keys are the same in both. */
export const ENGLISH = {
  app: {
    title: 'ProntoGram',
    language: 'Language',
  },
  signIn: {
    heading: 'Sign in',
    intro: 'Messages sent to you wait here until you have read them.',
    username: 'Username',
    hint: 'Letters, digits and . _ - @ (up to 64). Upper and lower case are the same.',
    submit: 'Sign in',
    problems: {
      empty: 'Enter your username.',
      'too-long': 'A username has at most 64 characters.',
      characters: 'Use only letters, digits and . _ - @ (no spaces).',
      'not-a-string': 'Enter your username.',
    },
    refused: 'The server refused this username: {{reason}}',
  },
  inbox: {
    heading: 'Inbox',
    signedInAs: 'Signed in as {{username}}',
    signOut: 'Sign out',
    clearAll: 'Clear all',
    dismiss: 'Dismiss',
    dismissMessage: 'Dismiss the message from {{sender}}',
    empty: 'No messages. New ones appear here as soon as they arrive.',
    from: 'From {{sender}}',
    sent: 'Sent {{when}}',
    expiresIn: 'Expires {{when}}',
    expired: 'Expired',
    viewed: 'Seen',
    new: 'New',
    announce: 'New message from {{sender}}',
    announceMany: '{{count}} new messages',
    enableNotifications: 'Notify me',
    notificationsOn: 'Notifications on',
    notificationsBlocked: 'Notifications blocked',
    notificationTitle: 'ProntoGram: {{sender}}',
    list: 'Messages',
  },
  status: {
    label: 'Connection',
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
  },
} as const;

/** Widens the literal types of {@link ENGLISH} so that other languages can say other words. */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };

export const ITALIAN: Texts<typeof ENGLISH> = {
  app: {
    title: 'ProntoGram',
    language: 'Lingua',
  },
  signIn: {
    heading: 'Accedi',
    intro: 'I messaggi per te ti aspettano qui finché non li hai letti.',
    username: 'Nome utente',
    hint: 'Lettere, cifre e . _ - @ (fino a 64). Maiuscole e minuscole sono uguali.',
    submit: 'Accedi',
    problems: {
      empty: 'Inserisci il tuo nome utente.',
      'too-long': 'Un nome utente ha al massimo 64 caratteri.',
      characters: 'Usa solo lettere, cifre e . _ - @ (niente spazi).',
      'not-a-string': 'Inserisci il tuo nome utente.',
    },
    refused: 'Il server ha rifiutato questo nome utente: {{reason}}',
  },
  inbox: {
    heading: 'Posta in arrivo',
    signedInAs: 'Accesso come {{username}}',
    signOut: 'Esci',
    clearAll: 'Cancella tutto',
    dismiss: 'Elimina',
    dismissMessage: 'Elimina il messaggio di {{sender}}',
    empty: 'Nessun messaggio. I nuovi compaiono qui appena arrivano.',
    from: 'Da {{sender}}',
    sent: 'Inviato {{when}}',
    expiresIn: 'Scade {{when}}',
    expired: 'Scaduto',
    viewed: 'Visto',
    new: 'Nuovo',
    announce: 'Nuovo messaggio da {{sender}}',
    announceMany: '{{count}} nuovi messaggi',
    enableNotifications: 'Avvisami',
    notificationsOn: 'Notifiche attive',
    notificationsBlocked: 'Notifiche bloccate',
    notificationTitle: 'ProntoGram: {{sender}}',
    list: 'Messaggi',
  },
  status: {
    label: 'Connessione',
    connecting: 'Connessione…',
    connected: 'Connesso',
    reconnecting: 'Riconnessione…',
    offline: 'Non in linea',
  },
};

export const LANGUAGES = ['en', 'it'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

export const TRANSLATIONS: Record<LanguageCode, Texts<typeof ENGLISH>> = {
  en: ENGLISH,
  it: ITALIAN,
};
