/** The emulators by vendor name, for `npm run emulator -- <name>` and for tests. */
import type { EmulatorFactory } from './shared/emulator.js';

export const EMULATORS: Record<string, () => Promise<EmulatorFactory>> = {
  greenhouse: async () => (await import('./greenhouse/app.js')).createGreenhouseEmulator,
  lever: async () => (await import('./lever/app.js')).createLeverEmulator,
  ashby: async () => (await import('./ashby/app.js')).createAshbyEmulator,
  workable: async () => (await import('./workable/app.js')).createWorkableEmulator,
  teamtailor: async () => (await import('./teamtailor/app.js')).createTeamtailorEmulator,
  recruitee: async () => (await import('./recruitee/app.js')).createRecruiteeEmulator,
  smartrecruiters: async () => (await import('./smartrecruiters/app.js')).createSmartRecruitersEmulator,
  personio: async () => (await import('./personio/app.js')).createPersonioEmulator,
};
