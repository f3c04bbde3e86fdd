/**
 * The backup module's front door. Other modules use nothing of it yet: the HTTP app and the command line reach it
 * through its *.routes.ts and *.cli.ts files, the two other doors (README, "Layout").
 */
export {};
