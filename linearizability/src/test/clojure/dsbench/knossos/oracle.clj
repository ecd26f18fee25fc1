(ns dsbench.knossos.oracle
  "A brute-force linearizability oracle for small histories, written independently of dsbench's checker: it
  tries every order of the operations that respects real time (memoizing only dead ends, which prunes
  nothing that could succeed), with its own sequential models. Knossos' semantics: a :fail op did not happen;
  an :info op (or one never completed) may take effect any time after its invocation, or never, and its result
  is unknown; a register read of nil matches any value.")

(def inconsistent ::inconsistent)

(defn step
  "The next state of a model after op (a call: :f, :value, :ok? whether its result is known), or inconsistent."
  [model state {:keys [f value ok?]}]
  (case model
    (:register :cas-register)
    (case f
      :read (if (or (not ok?) (nil? value) (= state value)) state inconsistent)
      :write value
      :cas (let [[from to] value] (if (= state from) to inconsistent)))
    :mutex
    (case f
      :acquire (if state inconsistent true)
      :release (if state false inconsistent))
    :set
    (case f
      :add (conj state value)
      :read (if (or (not ok?) (nil? value) (= state (set value))) state inconsistent))))

(defn calls
  "The calls of a history: {:id :process :f :value :ok? :call :ret}; :fail calls are left out, :ret is nil for
  :info or never-completed calls (optional ones)."
  [history]
  (let [[done pending]
        (reduce (fn [[done pending] [i op]]
                  (let [p (:process op)]
                    (cond (not (integer? p)) [done pending]
                          (= :invoke (:type op)) [done (assoc pending p {:process p :f (:f op) :value (:value op)
                                                                         :call i})]
                          :else (let [c (get pending p)
                                      pending (dissoc pending p)]
                                  (case (:type op)
                                    :ok [(conj done (assoc c :ok? true :ret i
                                                           :value (if (some? (:value op)) (:value op) (:value c))))
                                         pending]
                                    :fail [done pending]
                                    :info [(conj done (assoc c :ok? false :ret nil)) pending])))))
                [[] {}]
                (map-indexed vector history))
        all (into done (map #(assoc % :ok? false :ret nil)) (vals pending))]
    (vec (map-indexed (fn [id c] (assoc c :id id)) (sort-by :call all)))))

(defn linearizable?
  "True when some order of the history's calls, respecting real time, is legal for the model from init."
  [model init history]
  (let [cs (calls history)
        n (count cs)
        required (reduce (fn [m c] (if (:ret c) (bit-set m (:id c)) m)) 0 cs)
        dead (volatile! #{})]
    (letfn [(search [done state]
              (cond
                (= required (bit-and done required)) true
                (contains? @dead [done state]) false
                :else
                (let [;; the earliest return among the calls not yet linearized: nothing invoked after it can go next
                      horizon (reduce (fn [h c] (if (and (:ret c) (not (bit-test done (:id c))))
                                                  (min h (:ret c)) h))
                                      Long/MAX_VALUE cs)
                      ok (some (fn [c]
                                 (when (and (not (bit-test done (:id c))) (< (:call c) horizon))
                                   (let [s (step model state c)]
                                     (and (not= s inconsistent)
                                          (search (bit-set done (:id c)) s)))))
                               cs)]
                  (or ok (do (vswap! dead conj [done state]) false)))))]
      (boolean (search 0 init)))))
