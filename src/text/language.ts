// The two languages of the terminal's screens and slips: Chinese (the default) and English.

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
