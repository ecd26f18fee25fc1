(ns dsbench.knossos-bench
  "The measured comparison in linearizability/README.md: dsbench.knossos on generated 100,000-operation
  cas-register histories, as Jepsen produces them (op maps in a vector). Not part of mvn verify; run:
    java -cp \"$(cat /tmp/cp.txt):linearizability/target/classes:linearizability/target/test-classes\" \\
      clojure.main -m dsbench.knossos-bench
  Prints one line per history: the check's verdict, the wall time of analysis (conversion included; best of 5
  after 2 warm-up runs) and the heap in use after it."
  (:require [dsbench.knossos :as k])
  (:import (java.util SplittableRandom)))

(defn generate
  "A linearizable history of n completed read/write/cas calls by `clients` clients over `keys` keys, made by
  simulating a linearizable store: a client invokes, the store applies the call at a random later moment, the
  client completes after that (a failed compare is a :fail). With independent? the values are [k v] tuples
  (jepsen.independent); else there is one key and plain values."
  [n keys clients seed independent?]
  (let [rnd (SplittableRandom. (long seed))
        ^longs store (long-array keys)
        ^ints phase (int-array clients)
        ^objects call (object-array clients)
        out (transient [])]
    (loop [completed 0 invoked 0]
      (if (>= completed n)
        (persistent! out)
        (let [c (.nextInt rnd (int clients))]
          (case (long (aget phase c))
            0 (if (>= invoked n)
                (recur completed invoked)
                (let [key (.nextInt rnd (int keys))
                      r (.nextInt rnd 10)
                      f (cond (< r 5) :read (< r 8) :write :else :cas)
                      v (case f :read nil :write (.nextInt rnd 5) :cas [(.nextInt rnd 5) (.nextInt rnd 5)])]
                  (aset call c {:f f :key key :value v})
                  (conj! out {:process c :type :invoke :f f :value (if independent? [key v] v)})
                  (aset phase c (int 1))
                  (recur completed (inc invoked))))
            1 (let [{:keys [f key value] :as op} (aget call c)
                    cur (aget store (int key))
                    [t result] (case f
                                 :read [:ok cur]
                                 :write (do (aset store (int key) (long value)) [:ok value])
                                 :cas (if (= cur (long (first value)))
                                        (do (aset store (int key) (long (second value))) [:ok value])
                                        [:fail value]))]
                (aset call c (assoc op :type t :result result))
                (aset phase c (int 2))
                (recur completed invoked))
            2 (let [{:keys [f key type result]} (aget call c)]
                (conj! out {:process c :type type :f f :value (if independent? [key result] result)})
                (aset phase c (int 0))
                (recur (inc completed) invoked))))))))

(defn- heap-mb []
  (let [rt (Runtime/getRuntime)]
    (System/gc)
    (/ (- (.totalMemory rt) (.freeMemory rt)) 1048576.0)))

(defn- bench [label f]
  (dotimes [_ 2] (f))
  (let [times (vec (for [_ (range 5)]
                     (let [s (System/nanoTime) r (f)] [(/ (- (System/nanoTime) s) 1e6) r])))
        [best r] (apply min-key first times)]
    (println (format "%s: valid? %s, best %.0f ms (median %.0f ms), heap in use after %.0f MB"
                     label (pr-str (:valid? r)) best (first (nth (sort-by first times) 2)) (heap-mb)))))

(defn -main [& _]
  (let [one (generate 100000 1 10 42 false)
        ind (generate 100000 10 10 42 true)]
    (println (format "histories: %d events (one key), %d events (10 keys); heap with both held %.0f MB"
                     (count one) (count ind) (heap-mb)))
    (bench "analysis, cas-register, 100,000 calls on one key, 10 clients"
           #(k/analysis (k/cas-register 0) one))
    (bench "independent-analysis, cas-register, 100,000 calls over 10 keys, 10 clients"
           #(k/independent-analysis (k/cas-register 0) ind))
    (shutdown-agents)))
