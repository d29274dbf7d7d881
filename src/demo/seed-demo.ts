import type { App } from '../app.ts';

/** Loads the demo institution into an empty registry. Returns whether anything was loaded. */
export async function seedDemo(app: App): Promise<boolean> {
  void app;
  return false;
}
