/** The reminders module's front door: what the rest of the application may use (README, "Layout"). */
export { reminderTick, sendReminders, stopRemindersByPhone } from './reminders.service.ts';
