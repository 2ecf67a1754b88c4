/** The values buttons carry back to the bot (messageBack): a leaf module, so answers, activities and flows can share them without importing each other. */

export const FLOW_COMMANDS = ['start', 'resume', 'restart', 'go', 'back', 'problems', 'show', 'person', 'stop'] as const;
export type FlowCommand = (typeof FLOW_COMMANDS)[number];

/** The value of a flow button (messageBack). A type, not an interface, so it fits ButtonValue's index signature. */
export type FlowButtonValue = {
  action: 'flow';
  flow: string;
  cmd: FlowCommand;
  /** The step the button was shown on. */
  at?: string;
  /** The step it leads to. */
  to?: string;
};

