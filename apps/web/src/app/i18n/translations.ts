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
      'link-required':
        'This ProntoGram signs you in only through a sign-in link. Ask the service that sends ' +
        'you messages (ACMESky, say) for one, and open it.',
      'link-expired': 'Your sign-in link has expired. Ask the service that sent it for a new one.',
      'link-invalid':
        'This sign-in link does not work: it was changed, or is for someone else. Ask for a new one.',
      'too-many-sessions':
        'You have too many ProntoGram pages open. Close one of them, then sign in again.',
      'rate-limited': 'Too many attempts from this network. Wait a minute, then sign in again.',
    },
    refused: 'The server refused this username: {{reason}}',
  },
  inbox: {
    heading: 'Inbox',
    signedInAs: 'Signed in as {{username}}',
    signOut: 'Sign out',
    signOutNotice:
      'Signing out deletes the messages this browser keeps for you, so that whoever uses it ' +
      'next cannot read them. Messages you have not seen yet stay on the server for you.',
    signOutConfirm: 'Sign out and delete',
    signOutCancel: 'Stay signed in',
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
    pushOffer: 'Notify me when this tab is closed',
    pushOn: 'You are notified of new messages, even with this tab closed',
    pushDenied:
      "Notifications are blocked for this site. To be told of new messages while this tab is closed, allow them in your browser's site settings.",
    pushFailed: 'Notifications could not be turned on.',
    pushRetry: 'Try again',
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
      'link-required':
        'Su questo ProntoGram si accede solo con un link di accesso. Chiedilo al servizio che ' +
        'ti manda i messaggi (per esempio ACMESky) e aprilo.',
      'link-expired':
        'Il tuo link di accesso è scaduto. Chiedine uno nuovo a chi te lo ha mandato.',
      'link-invalid':
        'Questo link di accesso non funziona: è stato modificato, o è per qualcun altro. ' +
        'Chiedine uno nuovo.',
      'too-many-sessions':
        'Hai troppe pagine di ProntoGram aperte. Chiudine una, poi accedi di nuovo.',
      'rate-limited': 'Troppi tentativi da questa rete. Aspetta un minuto, poi accedi di nuovo.',
    },
    refused: 'Il server ha rifiutato questo nome utente: {{reason}}',
  },
  inbox: {
    heading: 'Posta in arrivo',
    signedInAs: 'Accesso come {{username}}',
    signOut: 'Esci',
    signOutNotice:
      'Uscendo si cancellano i messaggi che questo browser conserva per te, così chi lo usa ' +
      'dopo non può leggerli. I messaggi che non hai ancora visto restano sul server per te.',
    signOutConfirm: 'Esci e cancella',
    signOutCancel: 'Resta connesso',
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
    pushOffer: 'Avvisami quando questa scheda è chiusa',
    pushOn: 'Ricevi un avviso dei nuovi messaggi, anche a scheda chiusa',
    pushDenied:
      'Le notifiche sono bloccate per questo sito. Per essere avvisato dei nuovi messaggi a scheda chiusa, consentile nelle impostazioni del sito del browser.',
    pushFailed: 'Non è stato possibile attivare le notifiche.',
    pushRetry: 'Riprova',
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
