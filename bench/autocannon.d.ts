// autocannon ships without type declarations; the bench uses its promise API only.
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p97_5: number; p99: number; total?: number }
  interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number; duration: number; '2xx': number }
  interface Request { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: Request) => Request }
  interface Options { url: string; connections?: number; duration?: number; method?: string; headers?: Record<string, string>; body?: string; timeout?: number; pipelining?: number; requests?: Request[] }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
