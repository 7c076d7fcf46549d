// Side-effect module loaded by the worker: subscribes final-failure listeners (alerts) to the queue.
// Features add their `onFinalJobFailure(...)` registrations by importing their module here.
import { registerAlertListeners } from "@/lib/alerts/register-alert-listeners";

registerAlertListeners();
