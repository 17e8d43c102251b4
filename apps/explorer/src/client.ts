import type {
  DataMethod,
  DataMethods,
  DatasetSource,
  FromDataWorker,
  LoadPhase,
  ToDataWorker,
} from "./worker/data-protocol";

/**
 * The page's side of the data worker: typed calls that resolve with the worker's answers. A
 * load replaces the dataset for every later call.
 */
export interface LoadProgress {
  phase: LoadPhase;
  bytes: number;
  totalBytes: number;
}

type Pending = {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: (progress: LoadProgress) => void;
};

export class DatasetClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<FromDataWorker>) => {
      const message = event.data;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      if (message.type === "progress") {
        pending.progress?.({
          phase: message.phase,
          bytes: message.bytes,
          totalBytes: message.totalBytes,
        });
        return;
      }
      this.#pending.delete(message.id);
      if (message.type === "result") pending.resolve(message.value);
      else pending.reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      const error = new Error(`The data worker failed: ${event.message || "unknown error"}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
  }

  #send<T>(message: ToDataWorker, progress?: (progress: LoadProgress) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(message.id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        ...(progress ? { progress } : {}),
      });
      this.#worker.postMessage(message);
    });
  }

  load(
    source: DatasetSource,
    progress?: (progress: LoadProgress) => void,
  ): Promise<ReturnType<DataMethods["summary"]>> {
    return this.#send({ type: "load", id: this.#nextId++, source }, progress);
  }

  call<M extends DataMethod>(
    method: M,
    ...args: Parameters<DataMethods[M]>
  ): Promise<ReturnType<DataMethods[M]>> {
    return this.#send({ type: "call", id: this.#nextId++, method, args });
  }
}
