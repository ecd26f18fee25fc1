(ns dsbench.knossos.data
  "Direct conversion between Clojure's persistent data and dsbench's Java histories: Jepsen op maps to
  io.dsbench.lin.history.Op / History (no EDN text in between), EDN-like values to the Java shapes dsbench's EDN
  reader produces (io.dsbench.lin.history.Keyword, List, Map, Set, Long), and model states back to Clojure data.
  Bad input raises ex-info naming the op (its position and the op itself in the data)."
  (:import (clojure.lang BigInt Keyword Symbol)
           (io.dsbench.lin.format EdnSymbol)
           (io.dsbench.lin.history History Op OpType)
           (java.util ArrayList Collections LinkedHashMap LinkedHashSet List Map Set)))

(set! *warn-on-reflection* true)

(defprotocol ToJava
  (->java [x] "The value as dsbench's Java EDN-like data (keywords become io.dsbench.lin.history.Keyword)."))

(extend-protocol ToJava
  nil
  (->java [_] nil)
  Object
  (->java [x] x)
  Keyword
  (->java [k] (io.dsbench.lin.history.Keyword. (subs (str k) 1)))
  Symbol
  (->java [s] (EdnSymbol. (str s)))
  BigInt
  (->java [^BigInt b] (if (nil? (.bipart b)) (.lpart b) (.toBigInteger b)))
  Map
  (->java [m]
    (let [out (LinkedHashMap.)]
      (doseq [^java.util.Map$Entry e (.entrySet ^Map m)]
        (.put out (->java (.getKey e)) (->java (.getValue e))))
      (Collections/unmodifiableMap out)))
  Set
  (->java [s]
    (let [out (LinkedHashSet.)]
      (doseq [x s] (.add out (->java x)))
      (Collections/unmodifiableSet out)))
  List
  (->java [l]
    (let [out (ArrayList. (.size ^List l))]
      (doseq [x l] (.add out (->java x)))
      (Collections/unmodifiableList out))))

(defprotocol ToClojure
  (->clj [x] "dsbench's Java EDN-like data (a model state, a value) as Clojure data."))

(extend-protocol ToClojure
  nil
  (->clj [_] nil)
  Object
  (->clj [x] x)
  io.dsbench.lin.history.Keyword
  (->clj [k] (keyword (.name ^io.dsbench.lin.history.Keyword k)))
  EdnSymbol
  (->clj [s] (symbol (.name ^EdnSymbol s)))
  Map
  (->clj [m] (persistent! (reduce (fn [acc ^java.util.Map$Entry e] (assoc! acc (->clj (.getKey e)) (->clj (.getValue e))))
                                  (transient {}) (.entrySet ^Map m))))
  Set
  (->clj [s] (into #{} (map ->clj) s))
  List
  (->clj [l] (into [] (map ->clj) l)))

(defn bad-input
  "An ex-info for bad input: message prefixed with the namespace, data with :type :dsbench/bad-input."
  ([msg data] (bad-input msg data nil))
  ([msg data cause]
   (ex-info (str "dsbench.knossos: " msg) (assoc data :type :dsbench/bad-input) cause)))

(defn- op-type ^OpType [op i]
  (case (get op :type)
    :invoke OpType/INVOKE
    :ok OpType/OK
    :fail OpType/FAIL
    :info OpType/INFO
    (throw (bad-input (if (contains? op :type)
                        (str "op " i " has :type " (pr-str (get op :type))
                             "; expected one of :invoke :ok :fail :info")
                        (str "op " i " has no :type (expected :invoke, :ok, :fail or :info)"))
                      {:op op :position i}))))

(defn- fname ^String [x]
  (cond (keyword? x) (name x)
        (string? x) x
        (symbol? x) (name x)
        :else nil))

(defn ->op
  "One Jepsen op map as an Op at position i. Client ops have an integer :process; any other non-nil process
  (e.g. :nemesis) makes a nemesis op, which the checker ignores."
  ^Op [op ^long i]
  (when-not (map? op)
    (throw (bad-input (str "op " i " is not a map: " (pr-str op)
                           " (a history is a sequence of maps with :process :type :f :value)")
                      {:op op :position i})))
  (let [t (op-type op i)
        p (get op :process)
        client? (integer? p)
        _ (when (nil? p)
            (throw (bad-input (str "op " i " has no :process") {:op op :position i})))
        f (fname (get op :f))
        _ (when (and client? (nil? f))
            (throw (bad-input (str "op " i " has no :f (a keyword such as :read, :write, :cas)")
                              {:op op :position i})))
        time (get op :time)]
    (Op. (int i) (if (number? time) (long time) -1) t (if client? (int p) Op/NEMESIS) ^String (or f "nemesis")
         (->java (get op :value)) nil (->java (get op :error)))))

(defn history?
  "True for what can hold a history: a sequential collection (vector, list, seq, java.util.List, a Jepsen history);
  not a map, a set or a string."
  [x]
  (or (sequential? x)
      (instance? List x)
      (and (instance? clojure.lang.Seqable x) (not (map? x)) (not (set? x)))))

(defn ->history
  "A Clojure history (a sequential collection of op maps) as a dsbench History; positions are indexes into the
  sequence."
  ^History [history]
  (when-not (history? history)
    (throw (bad-input (str "a history must be a sequence of op maps, found "
                           (if (nil? history) "nil" (.getName (class history))))
                      {:history (if (coll? history) (take 3 history) history)})))
  (let [ops (ArrayList.)]
    (reduce (fn [i op] (.add ops (->op op (long i))) (inc (long i))) 0 history)
    (History/of ops)))
