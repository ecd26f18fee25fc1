(ns dsbench.knossos-property-test
  "Property tests: dsbench's verdict (through dsbench.knossos/analysis) equals a brute-force oracle's
  (dsbench.knossos.oracle) on random small concurrent histories: 2-5 processes, 1-12 operations, with :fail,
  :info and never-completed operations, for register, cas-register, mutex and set. A disagreement is shrunk by
  test.check to a minimal history, printed as EDN with the seed.

  Cases per model: -Ddsbench.knossos.property.cases=N (default 1000, so 4,000 in all); seed:
  -Ddsbench.knossos.property.seed=S (default: random, printed)."
  (:require [clojure.test :refer [deftest is]]
            [clojure.test.check :as tc]
            [clojure.test.check.generators :as gen]
            [clojure.test.check.properties :as prop]
            [dsbench.knossos :as k]
            [dsbench.knossos.oracle :as oracle]))

(def ^:private models
  {:register {:fs [:read :write], :dsbench #(k/register 0), :init 0}
   :cas-register {:fs [:read :write :cas], :dsbench #(k/cas-register 0), :init 0}
   :mutex {:fs [:acquire :release], :dsbench k/mutex, :init false}
   :set {:fs [:add :read], :dsbench k/set, :init #{}}})

(defn- cases []
  (Long/parseLong (System/getProperty "dsbench.knossos.property.cases" "1000")))

(defn- seed []
  (if-let [s (System/getProperty "dsbench.knossos.property.seed")]
    (Long/parseLong s)
    (System/currentTimeMillis)))

(defn- gen-op
  "One planned operation: which process slot calls it, what it does, how it ends, and after how many later
  invocations it completes."
  [fs nprocs]
  (gen/hash-map :slot (gen/choose 0 (dec nprocs))
                :f (gen/elements fs)
                :a (gen/choose 0 2)
                :b (gen/choose -1 2)
                :mask (gen/choose 0 7)
                :outcome (gen/frequency [[12 (gen/return :ok)] [3 (gen/return :fail)] [3 (gen/return :info)]
                                         [1 (gen/return :never)]])
                :delay (gen/choose 0 3)))

(defn gen-plan
  "[nprocs ops]: 2-5 processes, 1-12 planned operations."
  [model]
  (gen/let [n (gen/choose 2 5)
            ops (gen/vector (gen-op (get-in models [model :fs]) n) 1 12)]
    [n ops]))

(defn- invoke-value [{:keys [f a b]}]
  (case f
    :write a
    :cas [a (if (neg? b) 0 b)]
    :add a
    nil))

(defn- ok-value [{:keys [f b mask] :as o}]
  (case f
    :read (if (= :set (::model o))
            (set (filter #(bit-test mask %) [0 1 2]))
            (when-not (neg? b) b))
    (invoke-value o)))

(defn history
  "The Jepsen history of a plan. Each planned op is invoked in plan order by its slot's process, after the ops
  whose delay ran out (and the slot's own pending op) complete. A process whose op ended :info (or never) is
  replaced by a new one (process + nprocs), as in Jepsen."
  [model [n ops]]
  (let [complete (fn [{:keys [events pids pending]} slot]
                   (let [{:keys [op pid]} (get pending slot)
                         t (:outcome op)
                         events (if (= t :never)
                                  events
                                  (conj events {:process pid :type t :f (:f op)
                                                :value (if (= t :ok) (ok-value op) (invoke-value op))}))]
                     {:events events
                      :pids (if (#{:info :never} t) (update pids slot + n) pids)
                      :pending (dissoc pending slot)}))
        tick (fn [st]
               (let [due (sort (keep (fn [[s p]] (when (zero? (:left p)) s)) (:pending st)))
                     st (reduce complete st due)]
                 (update st :pending update-vals #(update % :left dec))))
        st (reduce (fn [st op]
                     (let [op (assoc op ::model model)
                           slot (:slot op)
                           st (tick st)
                           st (if (contains? (:pending st) slot) (complete st slot) st)
                           pid (get-in st [:pids slot])]
                       (-> st
                           (update :events conj {:process pid :type :invoke :f (:f op) :value (invoke-value op)})
                           (assoc-in [:pending slot] {:op op :pid pid :left (:delay op)}))))
                   {:events [] :pids (vec (range n)) :pending {}}
                   ops)]
    (:events (reduce complete st (sort (keys (:pending st)))))))

(defn- dsbench-valid? [model h]
  (:valid? (k/analysis ((get-in models [model :dsbench])) h)))

(defn- agreement
  "The property: dsbench's verdict equals the oracle's. check is the function under test (model, history ->
  :valid?). Counts verdicts in stats."
  [model check stats]
  (prop/for-all [plan (gen-plan model)]
    (let [h (history model plan)
          expected (oracle/linearizable? model (get-in models [model :init]) h)
          actual (check model h)]
      (swap! stats update expected (fnil inc 0))
      (= expected actual))))

(defn- report [model seed r]
  (let [smallest (first (get-in r [:shrunk :smallest]))
        h (when smallest (history model smallest))]
    (str model ": dsbench and the oracle disagree (seed " seed ", " (:num-tests r) " cases); the oracle says "
         (when h (oracle/linearizable? model (get-in models [model :init]) h)) ", dsbench says "
         (when h (pr-str (dsbench-valid? model h))) " on this minimal history:\n" (pr-str h))))

(defn- check-model [model]
  (let [n (cases)
        s (seed)
        stats (atom {})
        r (tc/quick-check n (agreement model dsbench-valid? stats) :seed s :max-size 100)]
    (println (format "dsbench.knossos property %s: %d cases (seed %d): %d linearizable, %d not"
                     (name model) (:num-tests r) s (get @stats true 0) (get @stats false 0)))
    (is (true? (:pass? r)) (report model s r))
    (is (= n (:num-tests r)))
    (is (< (* 0.05 n) (get @stats true 0)) "the generator makes linearizable histories too")
    (is (< (* 0.05 n) (get @stats false 0)) "the generator makes non-linearizable histories too")))

(deftest register-agrees-with-the-oracle (check-model :register))

(deftest cas-register-agrees-with-the-oracle (check-model :cas-register))

(deftest mutex-agrees-with-the-oracle (check-model :mutex))

(deftest set-agrees-with-the-oracle (check-model :set))

(deftest a-planted-bug-is-found-and-shrunk
  ;; the bug: :info ops read as :fail (dropped), so a write that timed out but landed is never applied
  (let [buggy (fn [model h]
                (dsbench-valid? model (mapv #(if (= :info (:type %)) (assoc % :type :fail) %) h)))
        r (tc/quick-check 2000 (agreement :register buggy (atom {})) :seed 42 :max-size 100)
        smallest (history :register (first (get-in r [:shrunk :smallest])))]
    (is (false? (:pass? r)) "the property catches a checker that drops :info ops")
    (is (<= (count smallest) 4) (str "shrunk to a minimal history: " (pr-str smallest)))
    (is (some #(= :info (:type %)) smallest) (pr-str smallest))
    (is (not= (oracle/linearizable? :register 0 smallest) (buggy :register smallest)))))

(deftest the-oracle-knows-the-basics
  (is (true? (oracle/linearizable? :register 0 [])))
  (is (false? (oracle/linearizable? :register 0 [{:process 0 :type :invoke :f :read}
                                                 {:process 0 :type :ok :f :read :value 1}])))
  (is (true? (oracle/linearizable? :register 0 [{:process 0 :type :invoke :f :write :value 1}
                                                {:process 1 :type :invoke :f :read}
                                                {:process 1 :type :ok :f :read :value 1}])))
  (is (false? (oracle/linearizable? :register 0 [{:process 0 :type :invoke :f :write :value 1}
                                                 {:process 0 :type :fail :f :write :value 1}
                                                 {:process 1 :type :invoke :f :read}
                                                 {:process 1 :type :ok :f :read :value 1}])))
  (is (false? (oracle/linearizable? :mutex false [{:process 0 :type :invoke :f :release}
                                                  {:process 0 :type :ok :f :release}]))))
