(ns dsbench.knossos
  "dsbench's linearizability checker behind Knossos' API: switching a Jepsen test is one line,
  knossos.competition/analysis -> dsbench.knossos/analysis, with the model constructors of knossos.model.

    (require '[dsbench.knossos :as k])
    (k/analysis (k/cas-register 0) history)            ; => {:valid? true, :analyzer :dsbench, ...}
    (k/analysis (k/cas-register 0) history {:time-limit 10000})
    (k/independent-analysis (k/cas-register) history)  ; Jepsen independent histories ([k v] values)
    (k/render-analysis! history analysis \"timeline.html\")

  Semantics are Knossos': a :fail op did not happen; an :info op (or an invocation that never completed) may
  take effect at any time after its invocation, or never; a register read of nil matches any value; ops whose
  :process is not an integer (:nemesis) are ignored. The search is dsbench's Java checker (Wing-Gong with Lowe's
  memoization, io.dsbench.lin.checker); the histories go to it as Java objects, never as EDN text.

  Bad input (a history that is not a sequence of maps, an op without :type, an unknown model) raises ex-info
  whose message says what is wrong and whose data holds :type :dsbench/bad-input and the offending :op."
  (:refer-clojure :exclude [set])
  (:require [clojure.java.io :as io]
            [clojure.string :as str]
            [dsbench.knossos.data :as data])
  (:import (io.dsbench.lin.checker CheckOptions CheckResult Counterexample FailMode LinearizabilityChecker Operations
                                   Verdict)
           (io.dsbench.lin.history History Op OpType)
           (io.dsbench.lin.model Model Models MultiRegisterModel MutexModel Operation QueueModel RegisterModel
                                 SetModel)
           (io.dsbench.lin.report TimelineHtml)
           (java.time Duration)
           (java.util List Map)
           (java.util.concurrent Callable ExecutionException Executors ExecutorService Future ThreadFactory)))

(set! *warn-on-reflection* true)

;; ------------------------------------------------------------------------------------------------ models

(defrecord ModelSpec [type value])

(defrecord Inconsistent [msg])

(defn register
  "A read/write register (Knossos' knossos.model/register), initially value (nil by default)."
  ([] (register nil))
  ([value] (->ModelSpec :register value)))

(defn cas-register
  "A read/write/compare-and-set register (knossos.model/cas-register); :cas takes [from to]."
  ([] (cas-register nil))
  ([value] (->ModelSpec :cas-register value)))

(defn mutex
  "A mutex with :acquire and :release, initially free (knossos.model/mutex)."
  []
  (->ModelSpec :mutex false))

(defn multi-register
  "Registers changed by :txn ops of [:read k v] / [:write k v] micro-ops (knossos.model/multi-register)."
  ([] (multi-register {}))
  ([values]
   (when-not (map? values)
     (throw (data/bad-input (str "multi-register's initial value must be a map, e.g. {:x 0 :y 0}; found "
                                 (pr-str values))
                            {:value values})))
   (->ModelSpec :multi-register values)))

(defn set
  "A set with :add v and :read (the whole set), initially empty (knossos.model/set)."
  []
  (->ModelSpec :set #{}))

(defn fifo-queue
  "A FIFO queue with :enqueue v and :dequeue, initially empty (knossos.model/fifo-queue)."
  []
  (->ModelSpec :fifo-queue []))

(defn unordered-queue
  "A queue that may dequeue any element, initially empty (knossos.model/unordered-queue)."
  []
  (->ModelSpec :unordered-queue {}))

(def ^:private constructors
  {:register register, :cas-register cas-register, :mutex mutex, :multi-register multi-register, :set set,
   :fifo-queue fifo-queue, :unordered-queue unordered-queue})

(defn- only-empty [^ModelSpec m empty-value ^Model jm]
  (if (= empty-value (:value m))
    jm
    (throw (data/bad-input (str (name (:type m)) " starts empty here; found initial value " (pr-str (:value m)))
                           {:model m}))))

(defn java-model
  "The dsbench Java model (io.dsbench.lin.model.Model) for a model: a value of the constructors above, a keyword
  naming one of them (or another dsbench model: :kv, :versioned-kv, :lock, :idempotency, :counter), or a Java
  Model, returned as it is."
  ^Model [model]
  (cond
    (instance? Model model) model
    (instance? ModelSpec model)
    (let [v (:value model)]
      (case (:type model)
        :register (RegisterModel. false (data/->java v) true)
        :cas-register (RegisterModel. true (data/->java v) true)
        :mutex (if (:value model)
                 (throw (data/bad-input "mutex starts free here; found a held one" {:model model}))
                 (MutexModel.))
        :multi-register (MultiRegisterModel. ^Map (data/->java v))
        :set (only-empty model #{} (SetModel.))
        :fifo-queue (only-empty model [] (QueueModel. true))
        :unordered-queue (only-empty model {} (QueueModel. false))
        (throw (data/bad-input (str "unknown model type " (pr-str (:type model)) "; expected one of "
                                    (str/join " " (keys constructors)))
                               {:model model}))))
    (keyword? model)
    (cond (contains? constructors model) (java-model ((constructors model)))
          (some #{(name model)} Models/NAMES) (Models/byName (name model) nil true)
          :else (throw (data/bad-input (str "unknown model " model "; expected one of "
                                            (str/join " " (concat (keys constructors)
                                                                  [:kv :versioned-kv :lock :idempotency :counter])))
                                       {:model model})))
    :else (throw (data/bad-input (str "not a model: " (pr-str model) " (use a constructor such as "
                                      "(dsbench.knossos/cas-register 0), or a keyword such as :cas-register)")
                                 {:model model}))))

(defn- model-type [model ^Model jm]
  (if (instance? ModelSpec model) (:type model) (keyword (.name jm))))

;; ------------------------------------------------------------------------------------------------ analysis

(defn- check-options ^CheckOptions [opts]
  (when-not (or (nil? opts) (map? opts))
    (throw (data/bad-input (str "options must be a map such as {:time-limit 10000}, found " (pr-str opts))
                           {:opts opts})))
  (let [tl (:time-limit opts)]
    (cond (nil? tl) (CheckOptions/defaults)
          (and (number? tl) (pos? tl))
          (.withTimeLimit (CheckOptions/defaults) (Duration/ofNanos (long (* 1e6 (double tl)))))
          :else (throw (data/bad-input (str ":time-limit must be a positive number of milliseconds, found "
                                            (pr-str tl))
                                       {:time-limit tl})))))

(defn- position-in [^String msg]
  (when msg
    (when-let [[_ n] (re-find #"\bop (?:at position )?(\d+)" msg)]
      (Long/parseLong n))))

(defn- checker-error
  "The checker's IllegalArgumentException (a malformed history or op) as ex-info with the offending op."
  [^Exception e originals]
  (let [pos (position-in (.getMessage e))]
    (data/bad-input (.getMessage e)
                    (cond-> {} (and pos (< (long pos) (count originals)))
                      (assoc :position pos :op (nth originals pos)))
                    e)))

(defn- orig-op
  "The caller's op map for a Java op, with :index (its position) when it has none."
  [originals ^Op op]
  (when op
    (let [i (.index op)
          m (nth originals i)]
      (if (contains? m :index) m (assoc m :index i)))))

(defn- call-op
  "The op Knossos shows for a call: its :ok completion, else its invocation."
  [originals ^Operation o]
  (when o
    (let [^Op c (.completion o)]
      (orig-op originals (if (and c (= OpType/OK (.type c))) c (.invoke o))))))

(defn- previous-ok
  "The last :ok client op before position pos."
  [^History h originals ^long pos]
  (loop [i (dec pos)]
    (when (>= i 0)
      (let [^Op op (.get h (int i))]
        (if (and (= OpType/OK (.type op)) (not (.isNemesis op)))
          (orig-op originals op)
          (recur (dec i)))))))

(def ^:private max-pending 32)

(defn- invalid-details
  "Knossos' fields for a non-linearizable history, from dsbench's counterexample."
  [^CheckResult r ^Model jm mtype ^History h originals]
  (let [^Counterexample ce (.counterexample r)
        ^Operation failing (.failing ce)
        ^List prefix (.prefix ce)
        last-op (when (seq prefix) (call-op originals (.get prefix (dec (.size prefix)))))
        op (call-op originals failing)
        until (if failing
                (if (= Integer/MAX_VALUE (.returnPos failing)) (.callPos failing) (.returnPos failing))
                (.size h))
        linearized (into #{} (map (fn [^Operation o] (.callPos o))) prefix)
        pending (into [] (comp (remove (fn [^Operation o] (contains? linearized (.callPos o))))
                               (filter (fn [^Operation o] (< (.callPos o) (long until))))
                               (take max-pending)
                               (map (fn [^Operation o] (orig-op originals (.invoke o)))))
                      (.operations ce))
        states (vec (.statesBefore ce))
        model-of (fn [s] (->ModelSpec mtype (data/->clj s)))]
    {:op op
     :previous-ok (previous-ok h originals until)
     :last-op last-op
     :configs (mapv (fn [s] {:model (model-of s), :last-op last-op, :pending pending}) states)
     :final-paths (into #{} (map (fn [s]
                                   (cond->> [{:op op
                                              :model (->Inconsistent
                                                       (str "cannot apply "
                                                            (if failing (.describe failing) "?")
                                                            " to " (.describe jm s)))}]
                                     last-op (into [{:op last-op, :model (model-of s)}]))))
                        states)}))

(defn- unknown-cause [^String reason]
  (cond (str/starts-with? reason "time limit") :timeout
        (str/starts-with? reason "too large") :out-of-memory
        :else :interrupted))

(defn- result-map [^CheckResult r ^Model jm mtype ^History h originals]
  (merge {:valid? (condp = (.verdict r)
                    Verdict/LINEARIZABLE true
                    Verdict/NOT_LINEARIZABLE false
                    :unknown)
          :analyzer :dsbench
          :model-name (.model r)
          :op-count (.operations r)
          :check-time-ms (.checkMillis r)}
         (condp = (.verdict r)
           Verdict/UNKNOWN {:cause (unknown-cause (.reason r)), :cause-message (.reason r)}
           Verdict/NOT_LINEARIZABLE (invalid-details r jm mtype h originals)
           {})))

(defn analysis
  "Checks a history for linearizability against a model, like knossos.competition/analysis.

  history: a sequence of Jepsen op maps {:process :type :f :value} (:index and :time optional); ops whose
  :process is not an integer are ignored. model: a constructor's value, e.g. (cas-register 0). opts:
  {:time-limit ms} gives {:valid? :unknown, :cause :timeout} when reached.

  Returns {:valid? true|false|:unknown, :analyzer :dsbench, :check-time-ms, :op-count, :model-name} and, when not
  linearizable, Knossos' :op (the op that cannot be linearized), :previous-ok (the last :ok op before it),
  :last-op (the last op of the longest linearizable prefix), :configs ({:model :last-op :pending} per state
  reachable just before :op) and :final-paths. The result's metadata carries the check for render-analysis!."
  ([model history] (analysis model history {}))
  ([model history opts]
   (let [jm (java-model model)
         copts (check-options opts)
         h (data/->history history)
         originals (if (vector? history) history (vec history))
         ops (try (Operations/of h jm FailMode/DROP)
                  (catch IllegalArgumentException e (throw (checker-error e originals))))
         r (try (.check (LinearizabilityChecker. copts) ^List ops jm)
                (catch IllegalArgumentException e (throw (checker-error e originals)))
                (catch RuntimeException e
                  (throw (data/bad-input (str "could not check the history: " e) {} e))))]
     (with-meta (result-map r jm (model-type model jm) h originals)
                {::check-result r, ::operations ops, ::history-size (.size h)}))))

;; ------------------------------------------------------------------------------------------------ independent

(defn subhistories
  "Splits a Jepsen independent history (client op values are [k v] tuples) into a map {k history}, each op's :value replaced by its v, as jepsen.independent/subhistory does. Non-client ops
  (:nemesis) are dropped."
  [history]
  (when-not (data/history? history)
    (throw (data/bad-input (str "a history must be a sequence of op maps, found "
                                (if (nil? history) "nil" (.getName (class history))))
                           {:history history})))
  (let [acc (java.util.LinkedHashMap.)]
    (reduce (fn [i op]
              (when-not (map? op)
                (throw (data/bad-input (str "op " i " is not a map: " (pr-str op)) {:op op :position i})))
              (when (integer? (get op :process))
                (let [v (get op :value)]
                  (when-not (and (sequential? v) (= 2 (count v)))
                    (throw (data/bad-input (str "op " i " of an independent history has :value " (pr-str v)
                                                "; expected a [key value] tuple")
                                           {:op op :position i})))
                  (let [k (first v)]
                    (.put acc k (conj (or (.get acc k) []) (assoc op :value (second v)))))))
              (inc (long i)))
            0 history)
    (into {} acc)))

(defn- merge-valid [vs]
  (cond (some false? vs) false
        (some #(= :unknown %) vs) :unknown
        :else true))

(def ^:private daemon-threads
  (reify ThreadFactory
    (newThread [_ r]
      (doto (Thread. ^Runnable r "dsbench-knossos-key") (.setDaemon true)))))

(defn independent-analysis
  "Checks a Jepsen independent history (values [k v]) key by key, in parallel (one thread per core), each key's
  subhistory against model as analysis does. Returns jepsen.independent's shape: {:valid? (false if any key is
  false, else :unknown if any is, else true), :results {k analysis}, :failures [k ...], :analyzer :dsbench,
  :check-time-ms (wall)}. opts as for analysis (the time limit applies per key)."
  ([model history] (independent-analysis model history {}))
  ([model history opts]
   (java-model model)
   (check-options opts)
   (let [start (System/nanoTime)
         parts (subhistories history)
         threads (max 1 (min (count parts) (.availableProcessors (Runtime/getRuntime))))
         ^ExecutorService pool (Executors/newFixedThreadPool threads daemon-threads)]
     (try
       (let [futures (mapv (fn [[k h]] [k (.submit pool ^Callable (fn [] (analysis model h opts)))]) parts)
             results (into {}
                           (map (fn [[k ^Future f]]
                                  [k (try (.get f)
                                          (catch ExecutionException e
                                            (let [c (.getCause e)]
                                              (throw (if (instance? clojure.lang.ExceptionInfo c)
                                                       (ex-info (ex-message c) (assoc (ex-data c) :key k) c)
                                                       c)))))]))
                           futures)]
         {:valid? (merge-valid (map :valid? (vals results)))
          :results results
          :failures (into [] (keep (fn [[k r]] (when-not (:valid? r) k))) results)
          :analyzer :dsbench
          :check-time-ms (/ (- (System/nanoTime) start) 1e6)})
       (finally (.shutdownNow pool))))))

;; ------------------------------------------------------------------------------------------------ timelines

(defn timeline-html
  "The self-contained timeline HTML page (io.dsbench.lin.report.TimelineHtml) of an analysis returned by
  analysis: processes as rows, the op that cannot be linearized red, the longest linearizable prefix green."
  (^String [analysis] (timeline-html analysis "dsbench analysis"))
  (^String [analysis title]
   (let [{r ::check-result ops ::operations n ::history-size} (meta analysis)]
     (when-not r
       (throw (data/bad-input (str "this analysis carries no dsbench check: render a map returned by "
                                   "dsbench.knossos/analysis (for independent-analysis, one of its :results)")
                              {:keys (keys analysis)})))
     (TimelineHtml/render (str title) ^List ops ^CheckResult r (int n)))))

(defn render-analysis!
  "Writes the timeline of an analysis to file as HTML, like knossos.linear.report/render-analysis! (history is
  taken for that signature; the analysis carries the checked operations). Returns the file."
  [history analysis file]
  (let [f (io/file file)]
    (io/make-parents f)
    (spit f (timeline-html analysis (.getName f)) :encoding "UTF-8")
    f))
