/** Every contributed command id (package.json lists the same ones; a unit test checks). */
export const COMMANDS = {
  openDashboard: 'mistakes.openDashboard',
  recordMistake: 'mistakes.recordMistake',
  runTestsAndLearn: 'mistakes.runTestsAndLearn',
  showRelevantPatterns: 'mistakes.showRelevantPatterns',
  exportData: 'mistakes.exportData',
  importData: 'mistakes.importData',
  clearAllData: 'mistakes.clearAllData',
  toggleTracking: 'mistakes.toggleTracking',
  chooseCategories: 'mistakes.chooseCategories',
  configureSecondOpinion: 'mistakes.configureSecondOpinion',
  syncInstructionFiles: 'mistakes.syncInstructionFiles',
  showLog: 'mistakes.showLog',
  setChromaToken: 'mistakes.setChromaToken',
  migrateVectors: 'mistakes.migrateVectors',
  enableAgentHooks: 'mistakes.enableAgentHooks',
  disableAgentHooks: 'mistakes.disableAgentHooks',
} as const;

