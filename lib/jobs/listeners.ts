// Side-effect module loaded by the worker: subscribes final-failure listeners (alerts) to the queue.
// Features add their `onFinalJobFailure(...)` registrations by importing their module here.
export {};
